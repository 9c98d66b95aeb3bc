; symdex facts query for Java (tree-sitter-java).
;
; Capture conventions, shared by every language's query (read by FactExtractor/FactsCollector):
;   @definition.<kind>  whole definition node; <kind> is a DefinitionKind label: class interface
;                       enum record annotation struct trait union module method constructor
;                       function field property variable constant type macro
;   @name               the defined name, in the same match
;   @scope              optional, same match: text that qualifies the definition explicitly
;                       (Go receiver type, C++ Foo:: in Foo::bar); nesting qualifies otherwise
;   @visibility         optional, same match: modifier text (public, pub, export, private ...)
;   @container + @container.name
;                       a node that is not a definition but qualifies what is inside it
;   @call + @call.name  a call; optional @call.receiver
;   @import             an import statement; optional @import.name (the imported module/path)
;   @reference          an identifier use; @reference.type a use as a type
; Definition names are dropped from references; references inside imports are tagged import,
; and those at a call's name are tagged call.

(package_declaration [(scoped_identifier) (identifier)] @name) @definition.module
(class_declaration (modifiers)? @visibility name: (identifier) @name) @definition.class
(interface_declaration (modifiers)? @visibility name: (identifier) @name) @definition.interface
(enum_declaration (modifiers)? @visibility name: (identifier) @name) @definition.enum
(record_declaration (modifiers)? @visibility name: (identifier) @name) @definition.record
(annotation_type_declaration (modifiers)? @visibility name: (identifier) @name) @definition.annotation
(method_declaration (modifiers)? @visibility name: (identifier) @name) @definition.method
(annotation_type_element_declaration (modifiers)? @visibility name: (identifier) @name) @definition.method
(constructor_declaration (modifiers)? @visibility name: (identifier) @name) @definition.constructor
(compact_constructor_declaration (modifiers)? @visibility name: (identifier) @name) @definition.constructor
(field_declaration (modifiers)? @visibility declarator: (variable_declarator name: (identifier) @name)) @definition.field
(constant_declaration (modifiers)? @visibility declarator: (variable_declarator name: (identifier) @name)) @definition.constant
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
(type_identifier) @reference.type
