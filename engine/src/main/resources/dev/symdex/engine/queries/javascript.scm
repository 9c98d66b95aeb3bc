; symdex facts query for JavaScript and JSX (tree-sitter-javascript). Conventions: see java.scm.

(class_declaration name: (identifier) @name) @definition.class
(class name: (identifier) @name) @definition.class
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(method_definition name: [(property_identifier) (private_property_identifier)] @name) @definition.method
(field_definition property: [(property_identifier) (private_property_identifier)] @name) @definition.field
(variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression) (generator_function)]) @definition.function
(program (lexical_declaration (variable_declarator name: (identifier) @name)) @definition.variable)
(program (variable_declaration (variable_declarator name: (identifier) @name)) @definition.variable)
(program (export_statement (lexical_declaration (variable_declarator name: (identifier) @name)) @definition.variable))
(assignment_expression left: (member_expression property: (property_identifier) @name) right: [(arrow_function) (function_expression)]) @definition.function
(pair key: (property_identifier) @name value: [(arrow_function) (function_expression)]) @definition.method

(call_expression function: (identifier) @call.name) @call
(call_expression function: (member_expression object: (_) @call.receiver property: [(property_identifier) (private_property_identifier)] @call.name)) @call
(new_expression constructor: (identifier) @call.name) @call
(new_expression constructor: (member_expression object: (_) @call.receiver property: (property_identifier) @call.name)) @call

(import_statement source: (string (string_fragment) @import.name)) @import
(export_statement source: (string (string_fragment) @import.name)) @import
((call_expression function: (identifier) @_fn arguments: (arguments . (string (string_fragment) @import.name) .)) @import
  (#any-of? @_fn "require" "import"))
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @import.name))) @import

(identifier) @reference
(property_identifier) @reference
(shorthand_property_identifier) @reference
