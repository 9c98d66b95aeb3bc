; symdex facts query for TypeScript (tree-sitter-typescript). Conventions: see java.scm.
; The TSX grammar uses this query too (Language.queryId): every pattern must compile for both.

; The JavaScript query (javascript.scm) with TypeScript's declarations. A function or class value
; takes the name it is given: a declarator (const f = () => {}), an assignment (f = function () {},
; exports.f = ..., A.B = class {}) or an object key ({ f() {}, g: function () {} }).
; Foo.prototype.m = function () {} is method m of Foo, and the members of an object literal are
; qualified by the name it is given (const api = { get() {} } -> api.get). Visibility: `export`
; makes a declaration public, accessibility modifiers say theirs; otherwise #names are private and
; members public (see VisibilityRules).

; ---- classes
(class_declaration name: (type_identifier) @name) @definition.class
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(class name: (type_identifier) @name) @definition.class
(variable_declarator name: (identifier) @name value: (class !name)) @definition.class
(assignment_expression left: (identifier) @name right: (class !name)) @definition.class
(assignment_expression left: (member_expression property: (property_identifier) @name) right: (class !name)) @definition.class

; ---- functions
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression) (generator_function) (parenthesized_expression [(arrow_function) (function_expression) (generator_function)])]) @definition.function
(assignment_expression left: (identifier) @name right: [(arrow_function) (function_expression) (generator_function) (parenthesized_expression [(arrow_function) (function_expression) (generator_function)])]) @definition.function
((assignment_expression
   left: (member_expression object: (_) @_object property: (property_identifier) @name)
   right: [(arrow_function) (function_expression) (generator_function) (parenthesized_expression [(arrow_function) (function_expression) (generator_function)])]) @definition.function
  (#not-match? @_object "(^|[.])prototype$"))
((assignment_expression
   left: (member_expression
     object: (member_expression object: (_) @scope property: (property_identifier) @_prototype)
     property: (property_identifier) @name)
   right: [(arrow_function) (function_expression) (generator_function) (parenthesized_expression [(arrow_function) (function_expression) (generator_function)])]) @definition.method
  (#eq? @_prototype "prototype"))
; a name given the value of an immediately invoked function: var A = (function (_super) {...}(B)),
; exports.x = (() => {...})()
(variable_declarator name: (identifier) @name
  value: [(call_expression function: (parenthesized_expression [(function_expression) (arrow_function)]))
         (parenthesized_expression (call_expression function: [(function_expression) (arrow_function)]))]) @definition.variable
(assignment_expression left: (member_expression property: (property_identifier) @name)
  right: [(call_expression function: (parenthesized_expression [(function_expression) (arrow_function)]))
         (parenthesized_expression (call_expression function: [(function_expression) (arrow_function)]))]) @definition.variable
; a named function expression that nothing else names: foo(function cb() {}), (function iife() {})()
[(arguments [(function_expression name: (identifier) @name) (generator_function name: (identifier) @name)] @definition.function)
 (parenthesized_expression [(function_expression name: (identifier) @name) (generator_function name: (identifier) @name)] @definition.function)
 (return_statement [(function_expression name: (identifier) @name) (generator_function name: (identifier) @name)] @definition.function)
 (array [(function_expression name: (identifier) @name) (generator_function name: (identifier) @name)] @definition.function)
 (ternary_expression [(function_expression name: (identifier) @name) (generator_function name: (identifier) @name)] @definition.function)
 (binary_expression [(function_expression name: (identifier) @name) (generator_function name: (identifier) @name)] @definition.function)
 (sequence_expression [(function_expression name: (identifier) @name) (generator_function name: (identifier) @name)] @definition.function)
 (arrow_function body: [(function_expression name: (identifier) @name) (generator_function name: (identifier) @name)] @definition.function)]

; ---- class and object members
((method_definition (accessibility_modifier)? @visibility name: (property_identifier) @name) @definition.constructor
  (#eq? @name "constructor"))
((method_definition (accessibility_modifier)? @visibility name: [(property_identifier) (private_property_identifier)] @name) @definition.method
  (#not-eq? @name "constructor"))
(method_definition (accessibility_modifier)? @visibility name: (string (string_fragment) @name)) @definition.method
(method_definition (accessibility_modifier)? @visibility name: (computed_property_name) @name) @definition.method
(public_field_definition (accessibility_modifier)? @visibility name: [(property_identifier) (private_property_identifier)] @name) @definition.field
(public_field_definition (accessibility_modifier)? @visibility name: (string (string_fragment) @name)) @definition.field
(pair key: (property_identifier) @name value: [(arrow_function) (function_expression) (generator_function)]) @definition.method
(pair key: (string (string_fragment) @name) value: [(arrow_function) (function_expression) (generator_function)]) @definition.method

; object literals qualify their members by the name they are given
(variable_declarator name: (identifier) @container.name value: (object) @container)
((assignment_expression left: (member_expression property: (property_identifier) @container.name) right: (object) @container)
  (#not-match? @container.name "^(prototype|exports)$"))
(assignment_expression left: (identifier) @container.name right: (object) @container)
(pair key: (property_identifier) @container.name value: (object) @container)
(assignment_expression
  left: (member_expression object: (_) @container.name property: (property_identifier) @_prototype)
  right: (object) @container
  (#eq? @_prototype "prototype"))

; ---- TypeScript declarations
(interface_declaration name: (type_identifier) @name) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.enum
(enum_body [(property_identifier) @name
            (enum_assignment name: (property_identifier) @name)
            (enum_assignment name: (string (string_fragment) @name))] @definition.constant)
(internal_module name: [(identifier) (nested_identifier)] @name) @definition.module
(module name: [(identifier) (nested_identifier)] @name) @definition.module
(module name: (string (string_fragment) @name)) @definition.module
(function_signature name: (identifier) @name) @definition.function
(abstract_method_signature (accessibility_modifier)? @visibility name: [(property_identifier) (private_property_identifier)] @name) @definition.method
(class_body (method_signature (accessibility_modifier)? @visibility name: [(property_identifier) (private_property_identifier)] @name) @definition.method)
(construct_signature "new" @name) @definition.constructor

; members of interfaces, and of the object types a type alias or a variable's type is made of
; (type P = { a: T } & Q; declare const api: { get(): T }); not of inline types elsewhere
(interface_body
  [(method_signature name: [(property_identifier) (computed_property_name)] @name) @definition.method
   (method_signature name: (string (string_fragment) @name)) @definition.method
   (property_signature name: (property_identifier) @name) @definition.property
   (property_signature name: (string (string_fragment) @name)) @definition.property])
(type_alias_declaration value: [
  (object_type [(method_signature name: [(property_identifier) (computed_property_name)] @name) @definition.method
   (method_signature name: (string (string_fragment) @name)) @definition.method
   (property_signature name: (property_identifier) @name) @definition.property
   (property_signature name: (string (string_fragment) @name)) @definition.property])
  (_ (object_type [(method_signature name: [(property_identifier) (computed_property_name)] @name) @definition.method
   (method_signature name: (string (string_fragment) @name)) @definition.method
   (property_signature name: (property_identifier) @name) @definition.property
   (property_signature name: (string (string_fragment) @name)) @definition.property]))])
(variable_declarator type: (type_annotation (object_type [(method_signature name: [(property_identifier) (computed_property_name)] @name) @definition.method
   (method_signature name: (string (string_fragment) @name)) @definition.method
   (property_signature name: (property_identifier) @name) @definition.property
   (property_signature name: (string (string_fragment) @name)) @definition.property])))
(type_alias_declaration name: (type_identifier) @container.name value: [(object_type) @container (_ (object_type) @container)])
(variable_declarator name: (identifier) @container.name type: (type_annotation (object_type) @container))

; TypeScript variables: also declare const x: T; and in namespaces
(program (ambient_declaration [(lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable)
                               (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)]))
[(internal_module body: (statement_block [
    (lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable)
    (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)
    (export_statement declaration: [(lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable)
                                    (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)])]))
 (module body: (statement_block [
    (lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable)
    (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)
    (export_statement declaration: [(lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable)
                                    (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)])]))]

; ---- variables at the top level (also destructured: const { a, b: c } = x, [d] = y)
(program [(lexical_declaration (variable_declarator name: [
             (identifier) @name
             (object_pattern [(shorthand_property_identifier_pattern) @name
                              (pair_pattern value: (identifier) @name)
                              (object_assignment_pattern left: (shorthand_property_identifier_pattern) @name)])
             (array_pattern [(identifier) @name (assignment_pattern left: (identifier) @name)])]) @definition.variable)
          (variable_declaration (variable_declarator name: [
             (identifier) @name
             (object_pattern [(shorthand_property_identifier_pattern) @name
                              (pair_pattern value: (identifier) @name)
                              (object_assignment_pattern left: (shorthand_property_identifier_pattern) @name)])
             (array_pattern [(identifier) @name (assignment_pattern left: (identifier) @name)])]) @definition.variable)])

; ---- export makes a declaration public (also export declare ...)
(export_statement "export" @visibility declaration: [
    (function_declaration name: (identifier) @name) @definition.function
    (generator_function_declaration name: (identifier) @name) @definition.function
    (function_signature name: (identifier) @name) @definition.function
    (class_declaration name: (type_identifier) @name) @definition.class
    (abstract_class_declaration name: (type_identifier) @name) @definition.class
    (interface_declaration name: (type_identifier) @name) @definition.interface
    (type_alias_declaration name: (type_identifier) @name) @definition.type
    (enum_declaration name: (identifier) @name) @definition.enum
    (internal_module name: [(identifier) (nested_identifier)] @name) @definition.module
    (module name: [(identifier) (nested_identifier)] @name) @definition.module
    (lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable)
    (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)
    (ambient_declaration [
    (function_declaration name: (identifier) @name) @definition.function
    (generator_function_declaration name: (identifier) @name) @definition.function
    (function_signature name: (identifier) @name) @definition.function
    (class_declaration name: (type_identifier) @name) @definition.class
    (abstract_class_declaration name: (type_identifier) @name) @definition.class
    (interface_declaration name: (type_identifier) @name) @definition.interface
    (type_alias_declaration name: (type_identifier) @name) @definition.type
    (enum_declaration name: (identifier) @name) @definition.enum
    (internal_module name: [(identifier) (nested_identifier)] @name) @definition.module
    (module name: [(identifier) (nested_identifier)] @name) @definition.module
    (lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable)
    (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)])])

; ---- calls: plain, member (also a?.b()), new, and in TSX JSX components (<Foo />, <ui.Button />;
; a lower-case <div> is an HTML element). JSX elements are matched without naming them, as the
; TypeScript grammar has no JSX nodes and this query must compile for it too: only a JSX element
; opens with "<" then an identifier (type arguments and parameters hold type identifiers). One
; wildcard pattern, as each is tried at every node.
(call_expression function: (identifier) @call.name) @call
(call_expression function: (member_expression object: (_) @call.receiver property: [(property_identifier) (private_property_identifier)] @call.name)) @call
(new_expression constructor: (identifier) @call.name) @call
(new_expression constructor: (member_expression object: (_) @call.receiver property: (property_identifier) @call.name)) @call
((_ . "<" . [(identifier) @call.name @_element
              (member_expression object: (_) @call.receiver property: (property_identifier) @call.name)]) @call
  (#not-match? @_element "^[a-z]"))

; ---- imports: import ... from 'x', import 'x', export ... from 'x', require('x'), import('x'),
; import x = require('x')
(import_statement source: (string (string_fragment) @import.name)) @import
(export_statement source: (string (string_fragment) @import.name)) @import
((call_expression function: (identifier) @_fn arguments: (arguments . (string (string_fragment) @import.name) .)) @import
  (#eq? @_fn "require"))
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @import.name))) @import
(import_require_clause source: (string (string_fragment) @import.name)) @import

; ---- references; type identifiers and a class's superclass are uses as types
(extends_clause value: (identifier) @reference.type)
(extends_clause value: (member_expression property: (property_identifier) @reference.type))
(identifier) @reference
(property_identifier) @reference
(private_property_identifier) @reference
(shorthand_property_identifier) @reference
(type_identifier) @reference.type
