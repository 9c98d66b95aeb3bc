; symdex facts query for C# (tree-sitter-c-sharp). Conventions: see java.scm.

(class_declaration (modifier)* @visibility name: (identifier) @name) @definition.class
(struct_declaration (modifier)* @visibility name: (identifier) @name) @definition.struct
(interface_declaration (modifier)* @visibility name: (identifier) @name) @definition.interface
(enum_declaration (modifier)* @visibility name: (identifier) @name) @definition.enum
(record_declaration (modifier)* @visibility name: (identifier) @name) @definition.record
(delegate_declaration (modifier)* @visibility name: (identifier) @name) @definition.type
(method_declaration (modifier)* @visibility name: (identifier) @name) @definition.method
(constructor_declaration (modifier)* @visibility name: (identifier) @name) @definition.constructor
(property_declaration (modifier)* @visibility name: (identifier) @name) @definition.property
(field_declaration (modifier)* @visibility (variable_declaration (variable_declarator name: (identifier) @name))) @definition.field
(event_field_declaration (modifier)* @visibility (variable_declaration (variable_declarator name: (identifier) @name))) @definition.field
(enum_member_declaration name: (identifier) @name) @definition.constant
(namespace_declaration name: [(identifier) (qualified_name)] @name) @definition.module
(file_scoped_namespace_declaration name: [(identifier) (qualified_name)] @name) @definition.module

(invocation_expression function: (identifier) @call.name) @call
(invocation_expression function: (member_access_expression expression: (_) @call.receiver name: (identifier) @call.name)) @call
(object_creation_expression type: (identifier) @call.name) @call

(using_directive [(identifier) (qualified_name)] @import.name) @import

(identifier) @reference
