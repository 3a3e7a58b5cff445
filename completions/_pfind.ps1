
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'pfind' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'pfind'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'pfind' {
            [CompletionResult]::new('--and', '--and', [CompletionResultType]::ParameterName, 'Also require this pattern (same mode as QUERY); repeatable')
            [CompletionResult]::new('--or', '--or', [CompletionResultType]::ParameterName, 'Also accept paths matching this pattern instead; repeatable')
            [CompletionResult]::new('--not', '--not', [CompletionResultType]::ParameterName, 'Exclude paths matching this pattern; repeatable')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Do not descend below depth N')
            [CompletionResult]::new('--max-depth', '--max-depth', [CompletionResultType]::ParameterName, 'Do not descend below depth N')
            [CompletionResult]::new('--min-depth', '--min-depth', [CompletionResultType]::ParameterName, 'Only print entries at least N deep')
            [CompletionResult]::new('--exact-depth', '--exact-depth', [CompletionResultType]::ParameterName, 'Only print entries exactly this deep (--min-depth N --max-depth N)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only type f d l s p b c, x (exec), e (empty)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only type f d l s p b c, x (exec), e (empty)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only names ending in .EXT (any case)')
            [CompletionResult]::new('--extension', '--extension', [CompletionResultType]::ParameterName, 'Only names ending in .EXT (any case)')
            [CompletionResult]::new('-S', '-S ', [CompletionResultType]::ParameterName, 'Only files of this size: +1m, -10k, 0')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Only files of this size: +1m, -10k, 0')
            [CompletionResult]::new('--changed-within', '--changed-within', [CompletionResultType]::ParameterName, 'Modified within: 2h, 3d, 1w, or since a date')
            [CompletionResult]::new('--changed-before', '--changed-before', [CompletionResultType]::ParameterName, 'Modified before: 2h, 3d ago, or a date')
            [CompletionResult]::new('--newer', '--newer', [CompletionResultType]::ParameterName, 'Only entries modified more recently than FILE (find''s -newer)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Only entries owned by USER and/or GROUP (names or ids; ! negates a part): john, :staff, john:staff, !root, 0:!0')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Only entries owned by USER and/or GROUP (names or ids; ! negates a part): john, :staff, john:staff, !root, 0:!0')
            [CompletionResult]::new('-E', '-E ', [CompletionResultType]::ParameterName, 'Skip names matching GLOB; do not enter them')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip names matching GLOB; do not enter them')
            [CompletionResult]::new('--ignore-file', '--ignore-file', [CompletionResultType]::ParameterName, 'Also skip what the ignore file PATH (gitignore syntax) ignores, with or without --gitignore')
            [CompletionResult]::new('--contains', '--contains', [CompletionResultType]::ParameterName, 'Only regular files whose content contains TEXT (literal bytes, binary files included); repeatable (all of them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Print each result through TEMPLATE, e.g. ''{/} in {//}''')
            [CompletionResult]::new('--json-fields', '--json-fields', [CompletionResultType]::ParameterName, 'Add fields to --json: size, mtime, mode (comma-separated)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color paths: auto (default), always, never')
            [CompletionResult]::new('--hyperlink', '--hyperlink', [CompletionResultType]::ParameterName, 'Make printed paths links to their files: auto, always, never')
            [CompletionResult]::new('-x', '-x', [CompletionResultType]::ParameterName, 'Run CMD for each result: -x CMD [ARG]... '';''')
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Run CMD for each result: -x CMD [ARG]... '';''')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Run CMD with many results: -X CMD [ARG]... '';''')
            [CompletionResult]::new('--exec-batch', '--exec-batch', [CompletionResultType]::ParameterName, 'Run CMD with many results: -X CMD [ARG]... '';''')
            [CompletionResult]::new('--max-results', '--max-results', [CompletionResultType]::ParameterName, 'Stop after N results')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Stop the search after DURATION: 500ms, 10s, 1m30s')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Run exactly N worker threads (default: elastic, adapted to the storage while the walk runs)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Run exactly N worker threads (default: elastic, adapted to the storage while the walk runs)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (-h: the options of every day; --help: all, with examples)')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (-h: the options of every day; --help: all, with examples)')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Match the file name only, not the whole path')
            [CompletionResult]::new('--basename', '--basename', [CompletionResultType]::ParameterName, 'Match the file name only, not the whole path')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'QUERY is a glob, in which ''*'' also matches ''/''')
            [CompletionResult]::new('--glob', '--glob', [CompletionResultType]::ParameterName, 'QUERY is a glob, in which ''*'' also matches ''/''')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'QUERY is a regular expression')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'QUERY is a regular expression')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Match case-insensitively')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Match case-insensitively')
            [CompletionResult]::new('--case-sensitive', '--case-sensitive', [CompletionResultType]::ParameterName, 'Match case-sensitively (the default; undoes an earlier -i or --smart-case)')
            [CompletionResult]::new('--smart-case', '--smart-case', [CompletionResultType]::ParameterName, 'Match case-insensitively unless the pattern has an uppercase letter')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Print (and match) absolute paths')
            [CompletionResult]::new('--absolute-path', '--absolute-path', [CompletionResultType]::ParameterName, 'Print (and match) absolute paths')
            [CompletionResult]::new('--relative-path', '--relative-path', [CompletionResultType]::ParameterName, 'Print paths from the roots as typed (the default; undoes an earlier -a)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Do not descend into directories that match the query (they are still printed)')
            [CompletionResult]::new('--no-hidden', '--no-hidden', [CompletionResultType]::ParameterName, 'Skip hidden entries (names starting with .)')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'List hidden entries (the default; undoes an earlier --no-hidden)')
            [CompletionResult]::new('--gitignore', '--gitignore', [CompletionResultType]::ParameterName, 'Skip what git ignores (.gitignore, .ignore)')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Read no .gitignore or .ignore files (the default; undoes an earlier --gitignore). --ignore-file still applies, as in fd')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Follow symbolic links (loops are reported and not entered; broken links are listed as links)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow symbolic links (loops are reported and not entered; broken links are listed as links)')
            [CompletionResult]::new('--no-follow', '--no-follow', [CompletionResultType]::ParameterName, 'Do not follow symbolic links below the roots (the default; undoes an earlier -L)')
            [CompletionResult]::new('--one-file-system', '--one-file-system', [CompletionResultType]::ParameterName, 'Do not descend into directories on other filesystems (find''s -xdev)')
            [CompletionResult]::new('--xdev', '--xdev', [CompletionResultType]::ParameterName, 'Do not descend into directories on other filesystems (find''s -xdev)')
            [CompletionResult]::new('-0', '-0', [CompletionResultType]::ParameterName, 'Separate results with NUL (for xargs -0)')
            [CompletionResult]::new('--print0', '--print0', [CompletionResultType]::ParameterName, 'Separate results with NUL (for xargs -0)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Sort by path (byte order, as LC_ALL=C sort)')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'ls -l lines: mode, links, owner, group, size, date')
            [CompletionResult]::new('--list-details', '--list-details', [CompletionResultType]::ParameterName, 'ls -l lines: mode, links, owner, group, size, date')
            [CompletionResult]::new('--human', '--human', [CompletionResultType]::ParameterName, 'With -l, sizes such as 1.5K and 12M (ls -lh)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per result')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Print only the number of matches')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print only the number of matches')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Do not print errors about single paths (status stays 2)')
            [CompletionResult]::new('--no-errors', '--no-errors', [CompletionResultType]::ParameterName, 'Do not print errors about single paths (status stays 2)')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print statistics on stderr at the end')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Show a live status line on stderr')
            [CompletionResult]::new('-1', '-1', [CompletionResultType]::ParameterName, 'Stop after the first result (--max-results 1)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing; exit 0 at the first match, else 1')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing; exit 0 at the first match, else 1')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no config file, even when PFIND_CONFIG_PATH names one')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
