complete -c pfind -l and -d 'Also require this pattern (same mode as QUERY); repeatable' -r
complete -c pfind -l or -d 'Also accept paths matching this pattern instead; repeatable' -r
complete -c pfind -l not -d 'Exclude paths matching this pattern; repeatable' -r
complete -c pfind -s d -l max-depth -d 'Do not descend below depth N' -r -f
complete -c pfind -l min-depth -d 'Only print entries at least N deep' -r -f
complete -c pfind -l exact-depth -d 'Only print entries exactly this deep (--min-depth N --max-depth N)' -r -f
complete -c pfind -s t -l type -d 'Only type f d l s p b c, x (exec), e (empty)' -r -f -a "file\t'Regular file'
dir\t'Directory'
symlink\t'Symbolic link (with -L: a broken one)'
executable\t'Executable regular file (any x bit: find\'s -type f -perm /111)'
empty\t'Empty regular file or directory (find\'s -empty)'
socket\t'Socket'
fifo\t'Named pipe (FIFO)'
block\t'Block device'
char\t'Character device'"
complete -c pfind -s e -l extension -d 'Only names ending in .EXT (any case)' -r
complete -c pfind -s S -l size -d 'Only files of this size: +1m, -10k, 0' -r -f
complete -c pfind -l changed-within -d 'Modified within: 2h, 3d, 1w, or since a date' -r -f
complete -c pfind -l changed-before -d 'Modified before: 2h, 3d ago, or a date' -r -f
complete -c pfind -l newer -d 'Only entries modified more recently than FILE (find\'s -newer)' -r -F
complete -c pfind -s o -l owner -d 'Only entries owned by USER and/or GROUP (names or ids; ! negates a part): john, :staff, john:staff, !root, 0:!0' -r -f
complete -c pfind -s E -l exclude -d 'Skip names matching GLOB; do not enter them' -r
complete -c pfind -l ignore-file -d 'Also skip what the ignore file PATH (gitignore syntax) ignores, with or without --gitignore' -r -F
complete -c pfind -l contains -d 'Only regular files whose content contains TEXT (literal bytes, binary files included); repeatable (all of them)' -r -f
complete -c pfind -l format -d 'Print each result through TEMPLATE, e.g. \'{/} in {//}\'' -r
complete -c pfind -l json-fields -d 'Add fields to --json: size, mtime, mode (comma-separated)' -r -f -a "size\t'Size in bytes'
mtime\t'Modification time, whole seconds since the Unix epoch'
mode\t'st_mode (type and permission bits) as a number'"
complete -c pfind -l color -d 'When to color paths: auto (default), always, never' -r -f -a "auto\t'Color when stdout is a terminal and NO_COLOR is not set'
always\t'Always color'
never\t'Never color'"
complete -c pfind -l hyperlink -d 'Make printed paths links to their files: auto, always, never' -f -a "auto\t'Links when stdout is a terminal'
always\t'Always links'
never\t'Never links'"
complete -c pfind -s x -l exec -d 'Run CMD for each result: -x CMD [ARG]... \';\'' -r
complete -c pfind -s X -l exec-batch -d 'Run CMD with many results: -X CMD [ARG]... \';\'' -r
complete -c pfind -l max-results -d 'Stop after N results' -r -f
complete -c pfind -l max-time -d 'Stop the search after DURATION: 500ms, 10s, 1m30s' -r -f
complete -c pfind -s j -l threads -d 'Run exactly N worker threads (default: elastic, adapted to the storage while the walk runs)' -r -f
complete -c pfind -s h -l help -d 'Print help (-h: the options of every day; --help: all, with examples)'
complete -c pfind -s V -l version -d 'Print version'
complete -c pfind -s b -l basename -d 'Match the file name only, not the whole path'
complete -c pfind -s g -l glob -d 'QUERY is a glob, in which \'*\' also matches \'/\''
complete -c pfind -s r -l regex -d 'QUERY is a regular expression'
complete -c pfind -s i -l ignore-case -d 'Match case-insensitively'
complete -c pfind -l case-sensitive -d 'Match case-sensitively (the default; undoes an earlier -i or --smart-case)'
complete -c pfind -l smart-case -d 'Match case-insensitively unless the pattern has an uppercase letter'
complete -c pfind -s a -l absolute-path -d 'Print (and match) absolute paths'
complete -c pfind -l relative-path -d 'Print paths from the roots as typed (the default; undoes an earlier -a)'
complete -c pfind -l prune -d 'Do not descend into directories that match the query (they are still printed)'
complete -c pfind -l no-hidden -d 'Skip hidden entries (names starting with .)'
complete -c pfind -l hidden -d 'List hidden entries (the default; undoes an earlier --no-hidden)'
complete -c pfind -l gitignore -d 'Skip what git ignores (.gitignore, .ignore)'
complete -c pfind -l no-ignore -d 'Read no .gitignore or .ignore files (the default; undoes an earlier --gitignore). --ignore-file still applies, as in fd'
complete -c pfind -s L -l follow -d 'Follow symbolic links (loops are reported and not entered; broken links are listed as links)'
complete -c pfind -l no-follow -d 'Do not follow symbolic links below the roots (the default; undoes an earlier -L)'
complete -c pfind -l one-file-system -l xdev -d 'Do not descend into directories on other filesystems (find\'s -xdev)'
complete -c pfind -s 0 -l print0 -d 'Separate results with NUL (for xargs -0)'
complete -c pfind -l sort -d 'Sort by path (byte order, as LC_ALL=C sort)'
complete -c pfind -s l -l list-details -d 'ls -l lines: mode, links, owner, group, size, date'
complete -c pfind -l human -d 'With -l, sizes such as 1.5K and 12M (ls -lh)'
complete -c pfind -l json -d 'Print one JSON object per result'
complete -c pfind -s c -l count -d 'Print only the number of matches'
complete -c pfind -s s -l no-errors -d 'Do not print errors about single paths (status stays 2)'
complete -c pfind -l stats -d 'Print statistics on stderr at the end'
complete -c pfind -l progress -d 'Show a live status line on stderr'
complete -c pfind -s 1 -d 'Stop after the first result (--max-results 1)'
complete -c pfind -s q -l quiet -d 'Print nothing; exit 0 at the first match, else 1'
complete -c pfind -l no-config -d 'Read no config file, even when PFIND_CONFIG_PATH names one'
