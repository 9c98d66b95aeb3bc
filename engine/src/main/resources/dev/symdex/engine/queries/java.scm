; symdex facts query for Java (tree-sitter-java).
; Capture conventions (read by dev.symdex.engine.extract.FactsCollector):
;   @definition.<kind> whole definition node, with @name on its name   (kind: DefinitionKind label)
;   @call whole call node, with @call.name on the called name and optional @call.receiver
;   @import whole import statement, optional @import.name on the imported name
;   @reference an identifier use (definition names are dropped from references afterwards)

(class_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(record_declaration name: (identifier) @name) @definition.record
(annotation_type_declaration name: (identifier) @name) @definition.annotation
(method_declaration name: (identifier) @name) @definition.method
(annotation_type_element_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.constructor
(compact_constructor_declaration name: (identifier) @name) @definition.constructor
(field_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.field
(constant_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.constant
(enum_constant name: (identifier) @name) @definition.constant

(method_invocation object: (_) @call.receiver name: (identifier) @call.name) @call
(method_invocation name: (identifier) @call.name) @call
(object_creation_expression type: (type_identifier) @call.name) @call
(object_creation_expression type: (generic_type (type_identifier) @call.name)) @call
(object_creation_expression type: (scoped_type_identifier (type_identifier) @call.name .)) @call
(object_creation_expression type: (generic_type (scoped_type_identifier (type_identifier) @call.name .))) @call
(method_reference (_) @call.receiver . (identifier) @call.name .) @call

(import_declaration [(scoped_identifier) (identifier)] @import.name) @import

(identifier) @reference
(type_identifier) @reference
