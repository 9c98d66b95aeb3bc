; symdex facts query for Go (tree-sitter-go). Conventions: see java.scm.
; Visibility is Go's rule (a capitalized name is exported), applied by the collector.

(package_clause (package_identifier) @name) @definition.module
(function_declaration name: (identifier) @name) @definition.function
; A method's container is its receiver's type: func (l *List[T]) Push → List.Push
(method_declaration receiver: (parameter_list (parameter_declaration type: (_) @scope)) name: (field_identifier) @name) @definition.method
(type_spec name: (type_identifier) @name type: (struct_type)) @definition.struct
(type_spec name: (type_identifier) @name type: (interface_type)) @definition.interface
(type_spec name: (type_identifier) @name) @definition.type
(type_alias name: (type_identifier) @name) @definition.type
; Fields and interface methods (of named and of anonymous types). An embedded field (io.Reader)
; stays a type reference; a blank field (_ [8]byte, padding) defines nothing.
(field_declaration name: (field_identifier) @name (#not-eq? @name "_")) @definition.field
(method_elem name: (field_identifier) @name) @definition.method
; Package-level constants and variables (not function locals); the blank name _ defines nothing
; (func _() and type _ stay: ctags tags them too, and the calls in a func _ need a caller)
(source_file (const_declaration (const_spec name: (identifier) @name (#not-eq? @name "_")) @definition.constant))
(source_file (var_declaration (var_spec name: (identifier) @name (#not-eq? @name "_")) @definition.variable))
(source_file (var_declaration (var_spec_list (var_spec name: (identifier) @name (#not-eq? @name "_")) @definition.variable)))

; Calls: f(), x.f(), pkg.F(); explicit instantiations F[T](), pkg.F[T]() (which the grammar
; reads as conversions to a generic type); composite literals T{}, pkg.T{}, T[int]{}
(call_expression function: (identifier) @call.name) @call
(call_expression function: (selector_expression operand: (_) @call.receiver field: (field_identifier) @call.name)) @call
(type_conversion_expression type: (generic_type type: (type_identifier) @call.name)) @call
(type_conversion_expression type: (generic_type type: (qualified_type package: (package_identifier) @call.receiver name: (type_identifier) @call.name))) @call
(composite_literal type: (type_identifier) @call.name) @call
(composite_literal type: (qualified_type package: (package_identifier) @call.receiver name: (type_identifier) @call.name)) @call
(composite_literal type: (generic_type type: (type_identifier) @call.name)) @call
(composite_literal type: (generic_type type: (qualified_type package: (package_identifier) @call.receiver name: (type_identifier) @call.name))) @call

; Imports: one per import spec, the path without quotes, whether plain, grouped, aliased (f "fmt"),
; dot (. "fmt") or blank (_ "embed"); an alias is a reference tagged import
(import_spec path: (interpreted_string_literal (interpreted_string_literal_content) @import.name)) @import
(import_spec path: (raw_string_literal (raw_string_literal_content) @import.name)) @import

(identifier) @reference
(field_identifier) @reference
(package_identifier) @reference
(type_identifier) @reference.type
