; symdex facts query for Rust (tree-sitter-rust). Conventions: see java.scm.
; Functions inside impl blocks and traits become methods (their container is a type).

(function_item (visibility_modifier)? @visibility name: (identifier) @name) @definition.function
(function_signature_item (visibility_modifier)? @visibility name: (identifier) @name) @definition.function
(struct_item (visibility_modifier)? @visibility name: (type_identifier) @name) @definition.struct
(enum_item (visibility_modifier)? @visibility name: (type_identifier) @name) @definition.enum
(union_item (visibility_modifier)? @visibility name: (type_identifier) @name) @definition.union
(trait_item (visibility_modifier)? @visibility name: (type_identifier) @name) @definition.trait
(type_item (visibility_modifier)? @visibility name: (type_identifier) @name) @definition.type
(mod_item (visibility_modifier)? @visibility name: (identifier) @name) @definition.module
(const_item (visibility_modifier)? @visibility name: (identifier) @name) @definition.constant
(static_item (visibility_modifier)? @visibility name: (identifier) @name) @definition.variable
(macro_definition name: (identifier) @name) @definition.macro
(enum_variant (visibility_modifier)? @visibility name: (identifier) @name) @definition.constant
(field_declaration (visibility_modifier)? @visibility name: (field_identifier) @name) @definition.field
(impl_item type: (_) @container.name) @container

(call_expression function: (identifier) @call.name) @call
(call_expression function: (field_expression value: (_) @call.receiver field: (field_identifier) @call.name)) @call
(call_expression function: (scoped_identifier path: (_) @call.receiver name: (identifier) @call.name)) @call
(call_expression function: (generic_function function: (identifier) @call.name)) @call
(call_expression function: (generic_function function: (scoped_identifier path: (_) @call.receiver name: (identifier) @call.name))) @call
(macro_invocation macro: (identifier) @call.name) @call
(struct_expression name: (type_identifier) @call.name) @call

(use_declaration argument: (_) @import.name) @import
(mod_item name: (identifier) @import.name !body) @import
(extern_crate_declaration name: (identifier) @import.name) @import

(identifier) @reference
(field_identifier) @reference
(type_identifier) @reference.type
