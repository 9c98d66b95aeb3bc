; symdex facts query for C++ (tree-sitter-cpp). Conventions: see java.scm.
; As for C, prototypes are not definitions; out-of-class member definitions (Foo::bar,
; ns::Foo::bar, Foo<T>::bar) are, qualified by their @scope (each level of a nested qualified
; name is one @scope capture; the extractor joins them). Functions in a class body become methods.
; A declarator nests its name: `T* f()` is pointer(function(f)), `T& f()` reference(function(f));
; `(_ declarator: X)` steps through one pointer, attributed or function wrapper.
; A function definition needs a body: `f() = default;` and `f() = delete;` are not definitions.

; Constructors (no return type) and destructors, as clangd reports both: in a class body, or out
; of it as Foo::Foo, ns::Foo::Foo, Foo::~Foo. Before the function patterns: the first kind given
; to a name stays.
(field_declaration_list (function_definition !type declarator: (function_declarator declarator: [(identifier) (destructor_name)] @name) body: (_)) @definition.constructor)
(field_declaration_list (template_declaration (function_definition !type declarator: (function_declarator declarator: (identifier) @name) body: (_)) @definition.constructor))
(field_declaration_list (preproc_if (function_definition !type declarator: (function_declarator declarator: [(identifier) (destructor_name)] @name) body: (_)) @definition.constructor))
(field_declaration_list (preproc_ifdef (function_definition !type declarator: (function_declarator declarator: [(identifier) (destructor_name)] @name) body: (_)) @definition.constructor))
(function_definition declarator: (function_declarator declarator: (destructor_name) @name) body: (_)) @definition.constructor
(function_definition !type declarator: (function_declarator declarator: [
  (qualified_identifier scope: (_) @scope name: [(identifier) (destructor_name)] @name)
  (qualified_identifier scope: (_) @scope name: (qualified_identifier scope: (_) @scope name: [(identifier) (destructor_name)] @name))
  (qualified_identifier scope: (_) @scope name: (qualified_identifier scope: (_) @scope name: (qualified_identifier scope: (_) @scope name: [(identifier) (destructor_name)] @name)))]) body: (_)) @definition.constructor
; Functions and methods, by how their name is spelled: f, ~Foo, operator==, f<int> (a
; specialization), Foo::f, a::Foo::f, a::b::Foo::f; each under 0 to 2 pointer/reference wrappers.
(function_definition type: (_) declarator: (function_declarator declarator: [
  (identifier) @name (field_identifier) @name (operator_name) @name (template_function name: (identifier) @name)
  (parenthesized_declarator (identifier) @name)]) body: (_)) @definition.function
; Without a return type (a macro head such as TEST(a, b) {...}) only at file or namespace level: in
; a function body that shape is a macro loop, FOR_ALL_HEAPS(heap) {...}.
(translation_unit (function_definition !type declarator: (function_declarator declarator: (identifier) @name) body: (_)) @definition.function)
(declaration_list (function_definition !type declarator: (function_declarator declarator: (identifier) @name) body: (_)) @definition.function)
(translation_unit (preproc_if (function_definition !type declarator: (function_declarator declarator: (identifier) @name) body: (_)) @definition.function))
(translation_unit (preproc_ifdef (function_definition !type declarator: (function_declarator declarator: (identifier) @name) body: (_)) @definition.function))
(function_definition declarator: [(_ declarator: (function_declarator declarator: [(identifier) @name (field_identifier) @name (operator_name) @name (template_function name: (identifier) @name)]))
                                  (reference_declarator (function_declarator declarator: [(identifier) @name (field_identifier) @name (operator_name) @name (template_function name: (identifier) @name)]))] body: (_)) @definition.function
(function_definition declarator: [(_ declarator: (_ declarator: (function_declarator declarator: [(identifier) @name (field_identifier) @name (operator_name) @name])))
                                  (reference_declarator (_ declarator: (function_declarator declarator: [(identifier) @name (field_identifier) @name (operator_name) @name])))
                                  (_ declarator: (reference_declarator (function_declarator declarator: [(identifier) @name (field_identifier) @name (operator_name) @name])))] body: (_)) @definition.function
(function_definition declarator: [
  (function_declarator declarator: (qualified_identifier scope: (_) @scope name: [(identifier) (field_identifier) (operator_name)] @name))
  (function_declarator declarator: (qualified_identifier scope: (_) @scope name: (template_function name: (identifier) @name)))
  (_ declarator: (function_declarator declarator: (qualified_identifier scope: (_) @scope name: [(identifier) @name (operator_name) @name (template_function name: (identifier) @name)])))
  (reference_declarator (function_declarator declarator: (qualified_identifier scope: (_) @scope name: [(identifier) (operator_name)] @name)))
  (_ declarator: (_ declarator: (function_declarator declarator: (qualified_identifier scope: (_) @scope name: [(identifier) (operator_name)] @name))))] body: (_)) @definition.function
(function_definition declarator: [
  (function_declarator declarator: (qualified_identifier scope: (_) @scope name: (qualified_identifier scope: (_) @scope name: [(identifier) @name (operator_name) @name (template_function name: (identifier) @name)])))
  (_ declarator: (function_declarator declarator: (qualified_identifier scope: (_) @scope name: (qualified_identifier scope: (_) @scope name: [(identifier) (operator_name)] @name))))
  (reference_declarator (function_declarator declarator: (qualified_identifier scope: (_) @scope name: (qualified_identifier scope: (_) @scope name: [(identifier) (operator_name)] @name))))] body: (_)) @definition.function
(function_definition declarator: (function_declarator declarator: (qualified_identifier scope: (_) @scope name: (qualified_identifier scope: (_) @scope name: (qualified_identifier scope: (_) @scope name: [(identifier) (operator_name)] @name)))) body: (_)) @definition.function
; A body the parser reads as a brace initializer (`void f() { };` in a class, or after an error
; `void A::f(...) {...}` as a declaration initialized by {...}) still makes a definition.
(field_declaration !type declarator: (function_declarator declarator: [(identifier) (destructor_name)] @name) default_value: (initializer_list)) @definition.constructor
(field_declaration declarator: [
  (function_declarator declarator: [(field_identifier) (identifier) (operator_name) (destructor_name)] @name)
  (_ declarator: (function_declarator declarator: [(field_identifier) (identifier) (operator_name)] @name))
  (reference_declarator (function_declarator declarator: [(field_identifier) (identifier) (operator_name)] @name))] default_value: (initializer_list)) @definition.function
(declaration declarator: (init_declarator declarator: [
  (function_declarator declarator: [(identifier) (operator_name)] @name)
  (_ declarator: (function_declarator declarator: [(identifier) (operator_name)] @name))
  (reference_declarator (function_declarator declarator: [(identifier) (operator_name)] @name))
  (function_declarator declarator: (qualified_identifier scope: (_) @scope name: [(identifier) (operator_name) (destructor_name)] @name))
  (_ declarator: (function_declarator declarator: (qualified_identifier scope: (_) @scope name: [(identifier) (operator_name)] @name)))
  (reference_declarator (function_declarator declarator: (qualified_identifier scope: (_) @scope name: [(identifier) (operator_name)] @name)))]
  value: (initializer_list))) @definition.function
; operator bool() / Foo::operator bool()
(function_definition declarator: [(operator_cast) @name (qualified_identifier scope: (_) @scope name: (operator_cast) @name)
  (qualified_identifier scope: (_) @scope name: (qualified_identifier scope: (_) @scope name: (operator_cast) @name))] body: (_)) @definition.function
; Bodies that macros introduce at file or namespace level, named by the macro as ctags does (see
; c.scm); inside a function body the same shapes are macro loops (FOR_ALL_HEAPS(h) {...}).
(translation_unit (function_definition type: (type_identifier) @name declarator: (parenthesized_declarator) body: (_)) @definition.function)
(declaration_list (function_definition type: (type_identifier) @name declarator: (parenthesized_declarator) body: (_)) @definition.function)
(translation_unit (preproc_if (function_definition type: (type_identifier) @name declarator: (parenthesized_declarator) body: (_)) @definition.function))
(translation_unit (preproc_ifdef (function_definition type: (type_identifier) @name declarator: (parenthesized_declarator) body: (_)) @definition.function))
(translation_unit (expression_statement (call_expression function: (identifier) @name)) . (compound_statement) @definition.function)
(declaration_list (expression_statement (call_expression function: (identifier) @name)) . (compound_statement) @definition.function)
(translation_unit (preproc_if (expression_statement (call_expression function: (identifier) @name)) . (compound_statement) @definition.function))
(translation_unit (preproc_ifdef (expression_statement (call_expression function: (identifier) @name)) . (compound_statement) @definition.function))

; After a parse error, a function's head may end an ERROR node that its body follows.
(_ (ERROR [(function_declarator declarator: [(identifier) (field_identifier)] @name) (_ declarator: (function_declarator declarator: [(identifier) (field_identifier)] @name))
           (function_declarator declarator: (qualified_identifier scope: (_) @scope name: (identifier) @name))] .) . (compound_statement) @definition.function)

(class_specifier name: [(type_identifier) @name (template_type name: (type_identifier) @name)] body: (_)) @definition.class
(struct_specifier name: [(type_identifier) @name (template_type name: (type_identifier) @name)] body: (_)) @definition.struct
(class_specifier name: (qualified_identifier scope: (_) @scope name: [(type_identifier) @name (template_type name: (type_identifier) @name)]) body: (_)) @definition.class
(struct_specifier name: (qualified_identifier scope: (_) @scope name: [(type_identifier) @name (template_type name: (type_identifier) @name)]) body: (_)) @definition.struct
(class_specifier name: (qualified_identifier scope: (_) @scope name: (qualified_identifier scope: (_) @scope name: [(type_identifier) @name (template_type name: (type_identifier) @name)])) body: (_)) @definition.class
(struct_specifier name: (qualified_identifier scope: (_) @scope name: (qualified_identifier scope: (_) @scope name: [(type_identifier) @name (template_type name: (type_identifier) @name)])) body: (_)) @definition.struct
(union_specifier name: (type_identifier) @name body: (_)) @definition.union
; `struct __packed name {...}` parses as a function named name returning struct __packed.
(function_definition type: (struct_specifier) declarator: (identifier) @name body: (_)) @definition.struct
(function_definition type: (union_specifier) declarator: (identifier) @name body: (_)) @definition.union
(enum_specifier name: (type_identifier) @name body: (_)) @definition.enum
(enum_specifier name: (qualified_identifier scope: (_) @scope name: (type_identifier) @name) body: (_)) @definition.enum
(enumerator name: (identifier) @name) @definition.constant
; namespace a::b::c {...} defines a, a.b and a.b.c
(namespace_definition name: (namespace_identifier) @name) @definition.module
(namespace_definition name: (nested_namespace_specifier (namespace_identifier) @name)) @definition.module
(namespace_definition name: (nested_namespace_specifier (nested_namespace_specifier (namespace_identifier) @name))) @definition.module
(namespace_definition name: (nested_namespace_specifier (nested_namespace_specifier (nested_namespace_specifier (namespace_identifier) @name)))) @definition.module
(type_definition declarator: [
  (type_identifier) @name
  (pointer_declarator declarator: (type_identifier) @name)
  (pointer_declarator declarator: (pointer_declarator declarator: (type_identifier) @name))
  (reference_declarator (type_identifier) @name)
  (array_declarator declarator: (type_identifier) @name)
  (function_declarator declarator: (type_identifier) @name)
  (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name)))
  (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name))))
  (attributed_declarator (type_identifier) @name)]) @definition.type
(type_definition type: [(struct_specifier !name body: (_)) (union_specifier !name body: (_)) (class_specifier !name body: (_))] @container declarator: (type_identifier) @container.name)
(alias_declaration name: (type_identifier) @name) @definition.type
; Members: x, *x, &x, **x, x[N], (*x)(...), x : 3; not method prototypes.
(field_declaration declarator: [
  (field_identifier) @name
  (pointer_declarator declarator: (field_identifier) @name)
  (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name))
  (reference_declarator (field_identifier) @name)
  (array_declarator declarator: (field_identifier) @name)
  (array_declarator declarator: (array_declarator declarator: (field_identifier) @name))
  (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @name))
  (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name)))
  (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name))))
  (attributed_declarator (field_identifier) @name)]) @definition.field
(preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro
; Variables at file level, in a namespace or an extern "C" block (also under #if/#ifdef there):
; x, *x, &x, x[N], (*x)(...), with or without an initializer; not prototypes nor extern declarations.
(translation_unit (declaration declarator: [
  (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
  (pointer_declarator declarator: [(pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)])
  (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
  (init_declarator declarator: [
    (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
    (reference_declarator (identifier) @name)
    (pointer_declarator declarator: [(pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)])
    (array_declarator declarator: (array_declarator declarator: (identifier) @name))
    (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))])]) @definition.variable (#not-match? @definition.variable "^extern"))
(declaration_list (declaration declarator: [
  (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
  (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
    (reference_declarator (identifier) @name) (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))])]) @definition.variable (#not-match? @definition.variable "^extern"))
(translation_unit (preproc_if (declaration declarator: [
  (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
  (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))])]) @definition.variable (#not-match? @definition.variable "^extern")))
(translation_unit (preproc_ifdef (declaration declarator: [
  (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
  (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))])]) @definition.variable (#not-match? @definition.variable "^extern")))

(call_expression function: (identifier) @call.name) @call
(call_expression function: (template_function name: (identifier) @call.name)) @call
; ns::f(), a::b::f(), Foo<T>::f(), ns::f<T>(): the receiver is the qualifier
(call_expression function: (qualified_identifier scope: (_) @call.receiver name: [(identifier) @call.name (template_function name: (identifier) @call.name)])) @call
(call_expression function: (qualified_identifier scope: (_) @call.receiver name: (qualified_identifier scope: (_) @call.receiver name: [(identifier) @call.name (template_function name: (identifier) @call.name)]))) @call
(call_expression function: (qualified_identifier scope: (_) @call.receiver name: (qualified_identifier scope: (_) @call.receiver name: (qualified_identifier scope: (_) @call.receiver name: [(identifier) @call.name (template_function name: (identifier) @call.name)])))) @call
; a.f(), p->f(), a.f<T>(), obj.template f<T>()
(call_expression function: (field_expression argument: (_) @call.receiver field: [
  (field_identifier) @call.name (template_method name: (field_identifier) @call.name)
  (dependent_name (template_method name: (field_identifier) @call.name))])) @call
; (*fp)(x), (*p->fn)(x)
(call_expression function: (parenthesized_expression (pointer_expression argument: (identifier) @call.name))) @call
(call_expression function: (parenthesized_expression (pointer_expression argument: (field_expression argument: (_) @call.receiver field: (field_identifier) @call.name)))) @call
; new Foo(...), new ns::Foo(...), new Foo<T>(...)
(new_expression type: [(type_identifier) @call.name (template_type name: (type_identifier) @call.name)]) @call
(new_expression type: (qualified_identifier scope: (_) @call.receiver name: [(type_identifier) @call.name (template_type name: (type_identifier) @call.name)])) @call

; #include "a/b.h" gives a/b.h, #include <vector> gives <vector>
(preproc_include path: [(string_literal (string_content) @import.name) (system_lib_string) @import.name]) @import

(identifier) @reference
(field_identifier) @reference
(namespace_identifier) @reference
(type_identifier) @reference.type
