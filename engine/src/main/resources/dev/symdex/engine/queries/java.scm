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
;   @call.args          in a @call match: the call's argument list; alone with @call.arg: one
;                       argument of that list (arguments are counted per list)
;   @call.new, @call.ref
;                       as @call.name, and marks the call as a `new` or a method reference; a
;                       `new` of a qualified type (new a.B.C()) has that type as its receiver,
;                       one of an inner class of an instance (outer.new Inner()) the instance
;   @call.this, @call.super, @call.enum
;                       in place of @call.name: an explicit constructor invocation this(...) or
;                       super(...) (called: the enclosing class's constructor, its superclass's),
;                       an enum constant (called: the enum's constructor)
;   @typing.*           type facts, for resolving calls by the receiver's type (Java only):
;                       @typing.def (a definition's name) with @typing.type (its declared type),
;                       @typing.param / @typing.varargs (a parameter's type), @typing.extends,
;                       @typing.implements, @typing.typevar (+ @typing.bound); @typing.local (a
;                       variable's name) with @typing.local.type or @typing.local.varargs and
;                       @typing.scope (where it is visible); @typing.anonymous (an anonymous class
;                       body) with @typing.anonymous.type (or @typing.anonymous.enum: an enum
;                       constant's body, whose type is the enum); @typing.dims: array brackets
;                       after a parameter's or variable's name (byte b[]), with @typing.param or
;                       @typing.dims.name (the variable's name)
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

; Argument counts (one match per argument: a quantifier gives one argument per match too),
; constructor invocations and enum constants (calls)
(argument_list (_) @call.arg) @call.args
(method_invocation name: (identifier) @call.name arguments: (argument_list) @call.args) @call
(object_creation_expression type: (type_identifier) @call.new arguments: (argument_list) @call.args) @call
(object_creation_expression type: (generic_type (type_identifier) @call.new) arguments: (argument_list) @call.args) @call
(object_creation_expression type: (scoped_type_identifier (type_identifier) @call.new .) @call.receiver arguments: (argument_list) @call.args) @call
(object_creation_expression type: (generic_type (scoped_type_identifier (type_identifier) @call.new .) @call.receiver) arguments: (argument_list) @call.args) @call
(object_creation_expression . (_) @call.receiver type: (type_identifier) @call.new arguments: (argument_list) @call.args) @call
(object_creation_expression . (_) @call.receiver type: (generic_type (type_identifier) @call.new) arguments: (argument_list) @call.args) @call
(explicit_constructor_invocation constructor: (this) @call.this arguments: (argument_list) @call.args) @call
(explicit_constructor_invocation constructor: (super) @call.super arguments: (argument_list) @call.args) @call
(enum_constant name: (identifier) @call.enum arguments: (argument_list) @call.args) @call
(enum_constant name: (identifier) @call.enum !arguments) @call
(method_reference (_) . (identifier) @call.ref .) @call

; Type facts of definitions
(method_declaration type: (_) @typing.type name: (identifier) @typing.def)
(constructor_declaration name: (identifier) @typing.def)
(record_declaration name: (identifier) @typing.def)
(field_declaration type: (_) @typing.type declarator: (variable_declarator name: (identifier) @typing.def))
(constant_declaration type: (_) @typing.type declarator: (variable_declarator name: (identifier) @typing.def))
(method_declaration name: (identifier) @typing.def parameters: (formal_parameters (formal_parameter type: (_) @typing.param)))
(constructor_declaration name: (identifier) @typing.def parameters: (formal_parameters (formal_parameter type: (_) @typing.param)))
(record_declaration name: (identifier) @typing.def parameters: (formal_parameters (formal_parameter type: (_) @typing.param)))
(method_declaration name: (identifier) @typing.def parameters: (formal_parameters (formal_parameter type: (_) @typing.param dimensions: (dimensions) @typing.dims)))
(constructor_declaration name: (identifier) @typing.def parameters: (formal_parameters (formal_parameter type: (_) @typing.param dimensions: (dimensions) @typing.dims)))
(formal_parameter name: (identifier) @typing.dims.name dimensions: (dimensions) @typing.dims)
(variable_declarator name: (identifier) @typing.dims.name dimensions: (dimensions) @typing.dims)
(method_declaration name: (identifier) @typing.def parameters: (formal_parameters (spread_parameter
  [(integral_type) (floating_point_type) (boolean_type) (type_identifier) (scoped_type_identifier) (generic_type) (array_type)] @typing.varargs)))
(constructor_declaration name: (identifier) @typing.def parameters: (formal_parameters (spread_parameter
  [(integral_type) (floating_point_type) (boolean_type) (type_identifier) (scoped_type_identifier) (generic_type) (array_type)] @typing.varargs)))
(class_declaration name: (identifier) @typing.def superclass: (superclass (_) @typing.extends))
(class_declaration name: (identifier) @typing.def interfaces: (super_interfaces (type_list (_) @typing.implements)))
(enum_declaration name: (identifier) @typing.def interfaces: (super_interfaces (type_list (_) @typing.implements)))
(record_declaration name: (identifier) @typing.def interfaces: (super_interfaces (type_list (_) @typing.implements)))
(interface_declaration name: (identifier) @typing.def (extends_interfaces (type_list (_) @typing.implements)))
(class_declaration name: (identifier) @typing.def type_parameters: (type_parameters (type_parameter (type_identifier) @typing.typevar (type_bound . (_) @typing.bound)?)))
(interface_declaration name: (identifier) @typing.def type_parameters: (type_parameters (type_parameter (type_identifier) @typing.typevar (type_bound . (_) @typing.bound)?)))
(record_declaration name: (identifier) @typing.def type_parameters: (type_parameters (type_parameter (type_identifier) @typing.typevar (type_bound . (_) @typing.bound)?)))
(method_declaration type_parameters: (type_parameters (type_parameter (type_identifier) @typing.typevar (type_bound . (_) @typing.bound)?)) name: (identifier) @typing.def)
(constructor_declaration type_parameters: (type_parameters (type_parameter (type_identifier) @typing.typevar (type_bound . (_) @typing.bound)?)) name: (identifier) @typing.def)

; Type facts of local variables and parameters, with the node they are visible in
(block (local_variable_declaration type: (_) @typing.local.type declarator: (variable_declarator name: (identifier) @typing.local))) @typing.scope
(constructor_body (local_variable_declaration type: (_) @typing.local.type declarator: (variable_declarator name: (identifier) @typing.local))) @typing.scope
(switch_block (switch_block_statement_group (local_variable_declaration type: (_) @typing.local.type declarator: (variable_declarator name: (identifier) @typing.local)))) @typing.scope
(for_statement init: (local_variable_declaration type: (_) @typing.local.type declarator: (variable_declarator name: (identifier) @typing.local))) @typing.scope
(enhanced_for_statement type: (_) @typing.local.type name: (identifier) @typing.local) @typing.scope
(catch_clause (catch_formal_parameter (catch_type . (_) @typing.local.type) name: (identifier) @typing.local)) @typing.scope
(try_with_resources_statement (resource_specification (resource type: (_) @typing.local.type name: (identifier) @typing.local))) @typing.scope
(method_declaration parameters: (formal_parameters (formal_parameter type: (_) @typing.local.type name: (identifier) @typing.local))) @typing.scope
(constructor_declaration parameters: (formal_parameters (formal_parameter type: (_) @typing.local.type name: (identifier) @typing.local))) @typing.scope
(lambda_expression parameters: (formal_parameters (formal_parameter type: (_) @typing.local.type name: (identifier) @typing.local))) @typing.scope
(method_declaration parameters: (formal_parameters (spread_parameter
  [(integral_type) (floating_point_type) (boolean_type) (type_identifier) (scoped_type_identifier) (generic_type) (array_type)] @typing.local.varargs
  (variable_declarator name: (identifier) @typing.local)))) @typing.scope
(constructor_declaration parameters: (formal_parameters (spread_parameter
  [(integral_type) (floating_point_type) (boolean_type) (type_identifier) (scoped_type_identifier) (generic_type) (array_type)] @typing.local.varargs
  (variable_declarator name: (identifier) @typing.local)))) @typing.scope
(lambda_expression parameters: (identifier) @typing.local) @typing.scope
(lambda_expression parameters: (inferred_parameters (identifier) @typing.local)) @typing.scope
(if_statement condition: (parenthesized_expression (instanceof_expression right: (_) @typing.local.type name: (identifier) @typing.local))) @typing.scope

; Anonymous class bodies and the type they extend
(object_creation_expression type: (_) @typing.anonymous.type (class_body) @typing.anonymous)
(enum_constant name: (identifier) @typing.anonymous.enum body: (class_body) @typing.anonymous)
