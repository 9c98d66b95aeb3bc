; symdex facts query for Rust (tree-sitter-rust). Conventions: see java.scm.
; Functions inside impl blocks and traits become methods (their container is a type). Items that
; Rust gives no visibility of their own take their owner's: enum variants (and their fields) the
; enum's, trait items the trait's. Items of a trait impl have no modifier and stay private.

; Items
(function_item (visibility_modifier)? @visibility name: (identifier) @name) @definition.function
(function_signature_item (visibility_modifier)? @visibility name: (identifier) @name) @definition.function
(struct_item (visibility_modifier)? @visibility name: (type_identifier) @name) @definition.struct
(enum_item (visibility_modifier)? @visibility name: (type_identifier) @name) @definition.enum
(union_item (visibility_modifier)? @visibility name: (type_identifier) @name) @definition.union
(trait_item (visibility_modifier)? @visibility name: (type_identifier) @name) @definition.trait
(type_item (visibility_modifier)? @visibility name: (type_identifier) @name) @definition.type
(associated_type name: (type_identifier) @name) @definition.type
(mod_item (visibility_modifier)? @visibility name: (identifier) @name) @definition.module
(const_item (visibility_modifier)? @visibility name: (identifier) @name (#not-eq? @name "_")) @definition.constant
(static_item (visibility_modifier)? @visibility name: (identifier) @name) @definition.variable
(macro_definition name: (identifier) @name) @definition.macro
(field_declaration (visibility_modifier)? @visibility name: (field_identifier) @name) @definition.field

; Enum variants, and the fields of struct-like variants (qualified by their variant)
(enum_item (visibility_modifier)? @visibility
  body: (enum_variant_list (enum_variant name: (identifier) @name) @definition.constant))
(enum_item (visibility_modifier)? @visibility
  body: (enum_variant_list (enum_variant
    body: (field_declaration_list (field_declaration name: (field_identifier) @name) @definition.field))))
(enum_variant name: (identifier) @container.name body: (field_declaration_list) @container)

; Trait items, with the trait's visibility
(trait_item (visibility_modifier)? @visibility
  body: (declaration_list (function_item name: (identifier) @name) @definition.function))
(trait_item (visibility_modifier)? @visibility
  body: (declaration_list (function_signature_item name: (identifier) @name) @definition.function))
(trait_item (visibility_modifier)? @visibility
  body: (declaration_list (const_item name: (identifier) @name) @definition.constant))
(trait_item (visibility_modifier)? @visibility
  body: (declaration_list (associated_type name: (type_identifier) @name) @definition.type))

; impl blocks qualify their items by the implementing type (impl Trait for Type: Type)
(impl_item type: (_) @container.name) @container

; impl blocks are definitions too (kind impl), inside that container: impl Trait for Type is named
; by the trait (Display, fmt::Display, From<u32>: the trait's own name), impl Type by the type.
(impl_item trait: (type_identifier) @name) @definition.impl
(impl_item trait: (scoped_type_identifier name: (type_identifier) @name)) @definition.impl
(impl_item trait: (generic_type type: (type_identifier) @name)) @definition.impl
(impl_item trait: (generic_type type: (scoped_type_identifier name: (type_identifier) @name))) @definition.impl
(impl_item !trait type: (type_identifier) @name) @definition.impl
(impl_item !trait type: (scoped_type_identifier name: (type_identifier) @name)) @definition.impl
(impl_item !trait type: (generic_type type: (type_identifier) @name)) @definition.impl
(impl_item !trait type: (generic_type type: (scoped_type_identifier name: (type_identifier) @name))) @definition.impl

; Calls: plain, method (x.f()), path (Foo::new()), turbofish (f::<T>(), x.f::<T>()), macros,
; struct literals (Foo { .. }, a::Foo { .. })
(call_expression function: (identifier) @call.name) @call
(call_expression function: (field_expression value: (_) @call.receiver field: (field_identifier) @call.name)) @call
(call_expression function: (scoped_identifier path: (_) @call.receiver name: (identifier) @call.name)) @call
(call_expression function: (generic_function function: (identifier) @call.name)) @call
(call_expression function: (generic_function function: (field_expression value: (_) @call.receiver field: (field_identifier) @call.name))) @call
(call_expression function: (generic_function function: (scoped_identifier path: (_) @call.receiver name: (identifier) @call.name))) @call
(macro_invocation macro: (identifier) @call.name) @call
(macro_invocation macro: (scoped_identifier path: (_) @call.receiver name: (identifier) @call.name)) @call
(struct_expression name: (type_identifier) @call.name) @call
(struct_expression name: (scoped_type_identifier path: (_) @call.receiver name: (type_identifier) @call.name)) @call
(struct_expression name: (generic_type_with_turbofish type: (type_identifier) @call.name)) @call

; Imports: a use declaration's whole tree (use a::{b, c::d} is one import "a::{b, c::d}": a query
; cannot join a group's prefix to each leaf), mod x; (a file of the crate), extern crate
(use_declaration argument: (_) @import.name) @import
(mod_item name: (identifier) @import.name !body) @import
(extern_crate_declaration name: (identifier) @import.name) @import

(identifier) @reference
(field_identifier) @reference
(shorthand_field_identifier) @reference
(type_identifier) @reference.type
; Point::new(), Shape::Circle { .. }: a capitalized path segment names a type (Rust's naming rule)
(scoped_identifier path: (identifier) @reference.type (#match? @reference.type "^[A-Z]"))
(scoped_type_identifier path: (identifier) @reference.type (#match? @reference.type "^[A-Z]"))
