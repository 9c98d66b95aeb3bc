; symdex facts query for TSX (the TSX grammar of tree-sitter-typescript): the TypeScript query.
; Keep it in step with typescript.scm (a test checks they are equal below this header).

(class_declaration name: (type_identifier) @name) @definition.class
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(class name: (type_identifier) @name) @definition.class
(interface_declaration name: (type_identifier) @name) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.enum
(enum_body [(property_identifier) @name (enum_assignment name: (property_identifier) @name)] @definition.constant)
(internal_module name: [(identifier) (nested_identifier)] @name) @definition.module
(module name: [(identifier) (string) (nested_identifier)] @name) @definition.module
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(function_signature name: (identifier) @name) @definition.function
(method_definition (accessibility_modifier)? @visibility name: [(property_identifier) (private_property_identifier)] @name) @definition.method
(method_signature (accessibility_modifier)? @visibility name: (property_identifier) @name) @definition.method
(abstract_method_signature (accessibility_modifier)? @visibility name: (property_identifier) @name) @definition.method
(public_field_definition (accessibility_modifier)? @visibility name: [(property_identifier) (private_property_identifier)] @name) @definition.field
(property_signature name: (property_identifier) @name) @definition.property
(variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression) (generator_function)]) @definition.function
(program (lexical_declaration (variable_declarator name: (identifier) @name)) @definition.variable)
(program (variable_declaration (variable_declarator name: (identifier) @name)) @definition.variable)
(program (export_statement declaration: (lexical_declaration (variable_declarator name: (identifier) @name)) @definition.variable))
(ambient_declaration (variable_declaration (variable_declarator name: (identifier) @name)) @definition.variable)
(assignment_expression left: (member_expression property: (property_identifier) @name) right: [(arrow_function) (function_expression)]) @definition.function
(pair key: (property_identifier) @name value: [(arrow_function) (function_expression)]) @definition.method

(call_expression function: (identifier) @call.name) @call
(call_expression function: (member_expression object: (_) @call.receiver property: [(property_identifier) (private_property_identifier)] @call.name)) @call
(new_expression constructor: (identifier) @call.name) @call
(new_expression constructor: (member_expression object: (_) @call.receiver property: (property_identifier) @call.name)) @call

(import_statement source: (string (string_fragment) @import.name)) @import
(export_statement source: (string (string_fragment) @import.name)) @import
(import_require_clause source: (string (string_fragment) @import.name)) @import
((call_expression function: (identifier) @_fn arguments: (arguments . (string (string_fragment) @import.name) .)) @import
  (#eq? @_fn "require"))
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @import.name))) @import

(identifier) @reference
(property_identifier) @reference
(shorthand_property_identifier) @reference
(type_identifier) @reference.type
