complete -c pfind -l and -d 'Also require this pattern (same mode as QUERY); repeatable' -r
complete -c pfind -l or -d 'Also accept paths matching this pattern instead; repeatable' -r
complete -c pfind -l not -d 'Exclude paths matching this pattern; repeatable' -r
complete -c pfind -s d -l max-depth -d 'Do not descend below depth N (1 = the roots\' children)' -r -f
complete -c pfind -l min-depth -d 'Only print entries at least N deep' -r -f
complete -c pfind -l exact-depth -d 'Only print entries exactly this deep (--min-depth N --max-depth N)' -r
complete -c pfind -s t -l type -d 'Only entries of this type; repeatable (any of them). `x` and `e` narrow the others: `-t e -t d` is empty directories' -r -f -a "f\t'Regular file'
d\t'Directory'
l\t'Symbolic link (with -L: a broken one)'
x\t'Executable regular file (any x bit: find\'s -type f -perm /111)'
e\t'Empty regular file or directory (find\'s -empty)'
s\t'Socket'
p\t'Named pipe (FIFO)'
b\t'Block device'
c\t'Character device'"
complete -c pfind -s e -l extension -d 'Only names ending in `.EXT`, case-insensitively (find\'s -iname \'*.EXT\'); repeatable (any of them)' -r
complete -c pfind -s S -l size -d 'Only regular files of this size: `+N` at least, `-N` at most, `N` exactly; units b, k, m, g, t (powers of 1000) or ki, mi, gi, ti (powers of 1024); repeatable (all)' -r -f
complete -c pfind -l changed-within -d 'Only entries modified after this: a duration back from now (30s, 10min, 2h, 3d, 1w) or a local date (\'2026-01-31\', \'2026-01-31 10:00:00\', @SECONDS)' -r -f
complete -c pfind -l changed-before -d 'Only entries modified at or before this (same forms as --changed-within)' -r -f
complete -c pfind -l newer -d 'Only entries modified more recently than FILE (find\'s -newer)' -r -F
complete -c pfind -s o -l owner -d 'Only entries owned by USER and/or GROUP (names or ids; `!` negates a part): `john`, `:staff`, `john:staff`, `!root`, `0:!0`' -r -f
complete -c pfind -s E -l exclude -d 'Skip entries whose name matches GLOB (a GLOB with `/` is matched against the path below the root); excluded directories are not entered. Repeatable' -r
complete -c pfind -l contains -d 'Only regular files whose content contains TEXT (literal bytes, binary files included); repeatable (all of them)' -r -f
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
complete -c pfind -s j -l threads -d 'Run exactly N worker threads (default: elastic, adapted to the storage while the walk runs)' -r -f
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
complete -c pfind -l case-sensitive -d 'Match case-sensitively (the default; undoes an earlier -i)'
complete -c pfind -s a -l absolute-path -d 'Print (and match) absolute paths'
complete -c pfind -l relative-path -d 'Print paths from the roots as typed (the default; undoes an earlier -a)'
complete -c pfind -l prune -d 'Do not descend into directories that match the query (they are still printed)'
complete -c pfind -l no-hidden -d 'Skip hidden entries (names starting with `.`) and do not enter hidden directories'
complete -c pfind -l hidden -d 'List hidden entries (the default; undoes an earlier --no-hidden)'
complete -c pfind -l gitignore -d 'Skip what git ignores: .gitignore (inside repositories), .ignore, .git/info/exclude and the global excludes file; never list .git'
complete -c pfind -l no-ignore -d 'Ignore no ignore files (the default; undoes an earlier --gitignore)'
complete -c pfind -s L -l follow -d 'Follow symbolic links (loops are reported and not entered; broken links are listed as links)'
complete -c pfind -l no-follow -d 'Do not follow symbolic links below the roots (the default; undoes an earlier -L)'
complete -c pfind -l one-file-system -l xdev -d 'Do not descend into directories on other filesystems (find\'s -xdev)'
complete -c pfind -s 0 -l print0 -d 'Separate results with NUL instead of newline (for `xargs -0`)'
complete -c pfind -l sort -d 'Print results sorted by path (byte order, as `LC_ALL=C sort`)'
complete -c pfind -l json -d 'Print one JSON object per line per result'
complete -c pfind -s c -l count -d 'Print only the number of matches'
complete -c pfind -l stats -d 'Print statistics on stderr at the end'
complete -c pfind -l progress -d 'Show a live status line on stderr'
complete -c pfind -s 1 -d 'Stop after the first result (--max-results 1)'
complete -c pfind -s q -l quiet -d 'Print nothing; exit 0 at the first match, else 1'
complete -c pfind -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pfind -s V -l version -d 'Print version'
