
use builtin;
use str;

set edit:completion:arg-completer[pfind] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'pfind'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'pfind'= {
            cand --and 'Also require this pattern (same mode as QUERY); repeatable'
            cand --or 'Also accept paths matching this pattern instead; repeatable'
            cand --not 'Exclude paths matching this pattern; repeatable'
            cand -d 'Do not descend below depth N (1 = the roots'' children)'
            cand --max-depth 'Do not descend below depth N (1 = the roots'' children)'
            cand --min-depth 'Only print entries at least N deep'
            cand -j 'Number of worker threads (default: one per CPU; 16 to 32 on network and FUSE filesystems such as NFS, SMB, sshfs, where each directory read waits on a round trip)'
            cand --threads 'Number of worker threads (default: one per CPU; 16 to 32 on network and FUSE filesystems such as NFS, SMB, sshfs, where each directory read waits on a round trip)'
            cand --generate 'Print a shell completion script or the man page to stdout'
            cand -b 'Match the file name only, not the whole path'
            cand --basename 'Match the file name only, not the whole path'
            cand -g 'QUERY is a glob, in which `*` also matches `/`'
            cand --glob 'QUERY is a glob, in which `*` also matches `/`'
            cand -r 'QUERY is a regular expression'
            cand --regex 'QUERY is a regular expression'
            cand -i 'Match case-insensitively'
            cand --ignore-case 'Match case-insensitively'
            cand -a 'Print (and match) absolute paths'
            cand --absolute-path 'Print (and match) absolute paths'
            cand -0 'Separate results with NUL instead of newline (for `xargs -0`)'
            cand --print0 'Separate results with NUL instead of newline (for `xargs -0`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
    ]
    $completions[$command]
}
