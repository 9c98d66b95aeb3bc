; symdex facts query for Python (tree-sitter-python). Capture conventions: see java.scm.

(class_definition name: (identifier) @name) @definition.class
(function_definition name: (identifier) @name) @definition.function
(module (expression_statement (assignment left: (identifier) @name)) @definition.variable)
(module (expression_statement (assignment left: (pattern_list (identifier) @name))) @definition.variable)
(class_definition body: (block (expression_statement (assignment left: (identifier) @name)) @definition.field))

(call function: (identifier) @call.name) @call
(call function: (attribute object: (_) @call.receiver attribute: (identifier) @call.name)) @call

(import_statement) @import
(import_from_statement) @import
(future_import_statement) @import

(type (identifier) @reference.type)
(identifier) @reference
