; symdex facts query for C (tree-sitter-c). Conventions: see java.scm.
; Prototypes are not definitions (as in ctags' default kinds); function bodies, types with a
; body, typedefs, enumerators, struct members, macros and file-level variables are.
; A declarator nests its name: `char **f(void)` is pointer(pointer(function(f))); `(_ declarator: X)`
; steps through one pointer, attributed or function wrapper (parameter lists are not on that path).

; Functions: f(), *f(), **f(), ***f(), (f)(), K&R f(a, b) int a; {...}, and void (*signal(...))(int).
(function_definition type: (_) declarator: (function_declarator declarator: [(identifier) @name (parenthesized_declarator (identifier) @name)])) @definition.function
; Without a return type (implicit int, or a macro head such as TEST(a, b) {...}) only at file level:
; in a function body that shape is a macro loop, list_for_each_entry(pos, head, member) {...}.
(translation_unit (function_definition !type declarator: (function_declarator declarator: (identifier) @name)) @definition.function)
(translation_unit (preproc_if (function_definition !type declarator: (function_declarator declarator: (identifier) @name)) @definition.function))
(translation_unit (preproc_ifdef (function_definition !type declarator: (function_declarator declarator: (identifier) @name)) @definition.function))
(function_definition declarator: (_ declarator: (function_declarator declarator: [(identifier) @name (parenthesized_declarator (identifier) @name)]))) @definition.function
(function_definition declarator: (_ declarator: (_ declarator: (function_declarator declarator: (identifier) @name)))) @definition.function
(function_definition declarator: (_ declarator: (_ declarator: (_ declarator: (function_declarator declarator: (identifier) @name))))) @definition.function
(function_definition declarator: (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))))) @definition.function
; Bodies that macros introduce at file level (also under a file-level #if), named by the macro as
; ctags does: `DECODER(euc_kr) {...}` parses as type DECODER with declarator (euc_kr), and
; `SYSCALL_DEFINE1(name, ...) {...}` as a call statement followed by a block. (`PREFIX(name)(args)
; {...}` is function PREFIX, above.) Inside a function body the same shapes are loops such as
; for_each_cpu(i) {...}, hence the file-level parents.
(translation_unit (function_definition type: (type_identifier) @name declarator: (parenthesized_declarator)) @definition.function)
(translation_unit (preproc_if (function_definition type: (type_identifier) @name declarator: (parenthesized_declarator)) @definition.function))
(translation_unit (preproc_ifdef (function_definition type: (type_identifier) @name declarator: (parenthesized_declarator)) @definition.function))
(translation_unit (preproc_if alternative: (preproc_else (function_definition type: (type_identifier) @name declarator: (parenthesized_declarator)) @definition.function)))
(translation_unit (preproc_ifdef alternative: (preproc_else (function_definition type: (type_identifier) @name declarator: (parenthesized_declarator)) @definition.function)))
(translation_unit (expression_statement (call_expression function: (identifier) @name)) . (compound_statement) @definition.function)
(translation_unit (preproc_if (expression_statement (call_expression function: (identifier) @name)) . (compound_statement) @definition.function))
(translation_unit (preproc_ifdef (expression_statement (call_expression function: (identifier) @name)) . (compound_statement) @definition.function))
(translation_unit (preproc_if alternative: (preproc_else (expression_statement (call_expression function: (identifier) @name)) . (compound_statement) @definition.function)))
(translation_unit (preproc_ifdef alternative: (preproc_else (expression_statement (call_expression function: (identifier) @name)) . (compound_statement) @definition.function)))

; After a parse error, a function's head may end an ERROR node that its body follows.
(_ (ERROR [(function_declarator declarator: (identifier) @name) (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))] .) . (compound_statement) @definition.function)

(struct_specifier name: (type_identifier) @name body: (_)) @definition.struct
(union_specifier name: (type_identifier) @name body: (_)) @definition.union
; `struct __packed name {...}` parses as a function named name returning struct __packed.
(function_definition type: (struct_specifier) declarator: (identifier) @name body: (_)) @definition.struct
(function_definition type: (union_specifier) declarator: (identifier) @name body: (_)) @definition.union
(enum_specifier name: (type_identifier) @name body: (_)) @definition.enum
(enumerator name: (identifier) @name) @definition.constant
; typedef T name, *name, **name, name[N], (*name)(...), name(...) (a function type)
(type_definition declarator: [
  (type_identifier) @name
  (pointer_declarator declarator: (type_identifier) @name)
  (pointer_declarator declarator: (pointer_declarator declarator: (type_identifier) @name))
  (array_declarator declarator: (type_identifier) @name)
  (function_declarator declarator: (type_identifier) @name)
  (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name)))
  (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name))))
  (attributed_declarator (type_identifier) @name)]) @definition.type
; The fields of `typedef struct {...} name;` are qualified by name.
(type_definition type: [(struct_specifier !name body: (_)) (union_specifier !name body: (_))] @container declarator: (type_identifier) @container.name)
; Members: x, *x, **x, x[N], (*x)(...), x : 3
(field_declaration declarator: [
  (field_identifier) @name
  (pointer_declarator declarator: (field_identifier) @name)
  (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name))
  (array_declarator declarator: (field_identifier) @name)
  (array_declarator declarator: (array_declarator declarator: (field_identifier) @name))
  (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @name))
  (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name)))
  (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name))))
  (attributed_declarator (field_identifier) @name)]) @definition.field
(preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro
; File-level variables (also under #if/#ifdef/#else at file level): x, *x, x[N], (*x)(...), each
; with or without an initializer. Prototypes (a function declarator) and extern declarations are not.
(translation_unit (declaration declarator: [
  (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
  (pointer_declarator declarator: [(pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)])
  (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
  (init_declarator declarator: [
    (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: [(pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)])
    (array_declarator declarator: (array_declarator declarator: (identifier) @name))
    (function_declarator declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))])]) @definition.variable (#not-match? @definition.variable "^extern"))
(translation_unit (preproc_if (declaration declarator: [
  (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
  (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))])]) @definition.variable (#not-match? @definition.variable "^extern")))
(translation_unit (preproc_ifdef (declaration declarator: [
  (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
  (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))])]) @definition.variable (#not-match? @definition.variable "^extern")))
(translation_unit (preproc_if alternative: (preproc_else (declaration declarator: [
  (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
  (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))])]) @definition.variable (#not-match? @definition.variable "^extern"))))
(translation_unit (preproc_if alternative: (preproc_elif (declaration declarator: [
  (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
  (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))])]) @definition.variable (#not-match? @definition.variable "^extern"))))
(translation_unit (preproc_ifdef alternative: (preproc_else (declaration declarator: [
  (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
  (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))])]) @definition.variable (#not-match? @definition.variable "^extern"))))
(translation_unit (preproc_ifdef alternative: (preproc_elif (declaration declarator: [
  (identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
  (init_declarator declarator: [(identifier) @name (pointer_declarator declarator: (identifier) @name) (array_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))])]) @definition.variable (#not-match? @definition.variable "^extern"))))

(call_expression function: (identifier) @call.name) @call
(call_expression function: (field_expression argument: (_) @call.receiver field: (field_identifier) @call.name)) @call
; (*fp)(x), (*ops->fn)(x)
(call_expression function: (parenthesized_expression (pointer_expression argument: (identifier) @call.name))) @call
(call_expression function: (parenthesized_expression (pointer_expression argument: (field_expression argument: (_) @call.receiver field: (field_identifier) @call.name)))) @call

; #include "a/b.h" gives a/b.h, #include <stdio.h> gives <stdio.h>
(preproc_include path: [(string_literal (string_content) @import.name) (system_lib_string) @import.name]) @import

(identifier) @reference
(field_identifier) @reference
(type_identifier) @reference.type
