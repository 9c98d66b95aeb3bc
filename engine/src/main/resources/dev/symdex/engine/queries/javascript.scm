; symdex facts query for JavaScript and JSX (tree-sitter-javascript). Conventions: see java.scm.
;
; A function or class value takes the name it is given: a declarator (const f = () => {}), an
; assignment (f = function () {}, exports.f = ..., A.B = class {}) or an object key
; ({ f() {}, g: function () {} }). Foo.prototype.m = function () {} is method m of Foo, and the
; members of an object literal are qualified by the name it is given (var Api = { get() {} } ->
; Api.get). Visibility: `export` makes a declaration public; otherwise #names are private and
; members public (see VisibilityRules).

; ---- classes
(class_declaration name: (identifier) @name) @definition.class
(class name: (identifier) @name) @definition.class
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
((method_definition name: (property_identifier) @name) @definition.constructor
  (#eq? @name "constructor"))
((method_definition name: [(property_identifier) (private_property_identifier)] @name) @definition.method
  (#not-eq? @name "constructor"))
(method_definition name: (string (string_fragment) @name)) @definition.method
(method_definition name: (computed_property_name) @name) @definition.method
(field_definition property: [(property_identifier) (private_property_identifier)] @name) @definition.field
(field_definition property: (string (string_fragment) @name)) @definition.field
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

; ---- export makes a declaration public
(export_statement "export" @visibility declaration: [
  (function_declaration name: (identifier) @name) @definition.function
  (generator_function_declaration name: (identifier) @name) @definition.function
  (class_declaration name: (identifier) @name) @definition.class
  (lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable)
  (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)
])

; ---- calls: plain, member (also a?.b()), new, JSX components (<Foo />, <ui.Button />; a lower-case
; <div> is an HTML element)
(call_expression function: (identifier) @call.name) @call
(call_expression function: (member_expression object: (_) @call.receiver property: [(property_identifier) (private_property_identifier)] @call.name)) @call
(new_expression constructor: (identifier) @call.name) @call
(new_expression constructor: (member_expression object: (_) @call.receiver property: (property_identifier) @call.name)) @call
([(jsx_opening_element name: [(identifier) @call.name @_element
                               (member_expression object: (_) @call.receiver property: (property_identifier) @call.name)])
  (jsx_self_closing_element name: [(identifier) @call.name @_element
                                   (member_expression object: (_) @call.receiver property: (property_identifier) @call.name)])] @call
  (#not-match? @_element "^[a-z]"))

; ---- imports: import ... from 'x', import 'x', export ... from 'x', require('x'), import('x')
(import_statement source: (string (string_fragment) @import.name)) @import
(export_statement source: (string (string_fragment) @import.name)) @import
((call_expression function: (identifier) @_fn arguments: (arguments . (string (string_fragment) @import.name) .)) @import
  (#eq? @_fn "require"))
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @import.name))) @import

; ---- references; a class's superclass is a use as a type
(class_heritage (identifier) @reference.type)
(class_heritage (member_expression property: (property_identifier) @reference.type))
(identifier) @reference
(property_identifier) @reference
(private_property_identifier) @reference
(shorthand_property_identifier) @reference
