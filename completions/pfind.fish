complete -c pfind -l and -d 'Also require this pattern (same mode as QUERY); repeatable' -r
complete -c pfind -l or -d 'Also accept paths matching this pattern instead; repeatable' -r
complete -c pfind -l not -d 'Exclude paths matching this pattern; repeatable' -r
complete -c pfind -s d -l max-depth -d 'Do not descend below depth N (1 = the roots\' children)' -r -f
complete -c pfind -l min-depth -d 'Only print entries at least N deep' -r -f
complete -c pfind -s j -l threads -d 'Number of worker threads (default: one per CPU; 16 to 32 on network and FUSE filesystems such as NFS, SMB, sshfs, where each directory read waits on a round trip)' -r -f
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
complete -c pfind -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pfind -s V -l version -d 'Print version'
