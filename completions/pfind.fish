complete -c pfind -l and -d 'Also require this pattern (same mode as QUERY); repeatable' -r
complete -c pfind -l or -d 'Also accept paths matching this pattern instead; repeatable' -r
complete -c pfind -l not -d 'Exclude paths matching this pattern; repeatable' -r
complete -c pfind -s d -l max-depth -d 'Do not descend below depth N (1 = the roots\' children)' -r -f
complete -c pfind -l min-depth -d 'Only print entries at least N deep' -r -f
complete -c pfind -l format -d 'Print each result through TEMPLATE, e.g. \'{/} in {//}\'' -r
complete -c pfind -l json-fields -d 'Add fields to --json: size, mtime, mode (comma-separated)' -r -f -a "size\t'Size in bytes'
mtime\t'Modification time, whole seconds since the Unix epoch'
mode\t'st_mode (type and permission bits) as a number'"
complete -c pfind -l color -d 'When to color paths: auto, always, never' -r -f -a "auto\t'Color when stdout is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c pfind -s x -l exec -d 'Run CMD for each result: -x CMD [ARG]... \';\'' -r
complete -c pfind -s X -l exec-batch -d 'Run CMD once with many results: -X CMD [ARG]... \';\'' -r
complete -c pfind -l max-results -d 'Stop after N results' -r
complete -c pfind -l max-time -d 'Stop the search after DURATION: 500ms, 10s, 2m' -r
complete -c pfind -s j -l threads -d 'Number of worker threads (default: the number of CPUs)' -r -f
complete -c pfind -l generate -d 'Print a shell completion script or the man page to stdout' -r -f -a "bash\t'Bash completion script'
zsh\t'Zsh completion script'
fish\t'Fish completion script'
elvish\t'Elvish completion script'
powershell\t'PowerShell completion script'
man\t'The man page, in roff'"
complete -c pfind -s b -l basename -d 'Match the file name only, not the whole path'
complete -c pfind -s g -l glob -d 'QUERY is a glob, in which `*` also matches `/`'
complete -c pfind -s r -l regex -d 'QUERY is a regular expression'
complete -c pfind -s i -l ignore-case -d 'Match case-insensitively'
complete -c pfind -s a -l absolute-path -d 'Print (and match) absolute paths'
complete -c pfind -s 0 -l print0 -d 'Separate results with NUL instead of newline (for `xargs -0`)'
complete -c pfind -l sort -d 'Print results sorted by path (byte order, as `LC_ALL=C sort`)'
complete -c pfind -l json -d 'Print one JSON object per line per result'
complete -c pfind -s c -l count -d 'Print only the number of matches'
complete -c pfind -l stats -d 'Print statistics on stderr at the end'
complete -c pfind -l progress -d 'Show a live status line on stderr'
complete -c pfind -s 1 -d 'Stop after the first result (--max-results 1)'
complete -c pfind -s q -l quiet -d 'Print nothing; exit 0 at the first match, 1 if nothing matches'
complete -c pfind -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pfind -s V -l version -d 'Print version'
