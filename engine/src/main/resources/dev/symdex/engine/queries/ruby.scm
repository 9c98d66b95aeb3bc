; symdex facts query for Ruby (tree-sitter-ruby). Conventions: see java.scm.

(class name: [(constant) (scope_resolution)] @name) @definition.class
(module name: [(constant) (scope_resolution)] @name) @definition.module
(method name: (_) @name) @definition.method
(singleton_method name: (_) @name) @definition.method
(assignment left: (constant) @name) @definition.constant

(call method: (identifier) @call.name) @call
(call receiver: (_) @call.receiver method: (identifier) @call.name) @call

((call method: (identifier) @_m arguments: (argument_list . (string (string_content) @import.name))) @import
  (#any-of? @_m "require" "require_relative" "load"))

(identifier) @reference
(constant) @reference.type
