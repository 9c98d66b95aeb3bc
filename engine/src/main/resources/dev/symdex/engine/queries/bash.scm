; symdex facts query for Bash (tree-sitter-bash). Conventions: see java.scm.

(function_definition name: (word) @name) @definition.function
(program (variable_assignment name: (variable_name) @name) @definition.variable)

(command name: (command_name (word) @call.name)) @call

((command name: (command_name (word) @_cmd) argument: (word) @import.name) @import
  (#any-of? @_cmd "source" "."))

(variable_name) @reference
(command_name (word) @reference)
