
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
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Do not descend below depth N (1 = the roots'' children)')
            [CompletionResult]::new('--max-depth', '--max-depth', [CompletionResultType]::ParameterName, 'Do not descend below depth N (1 = the roots'' children)')
            [CompletionResult]::new('--min-depth', '--min-depth', [CompletionResultType]::ParameterName, 'Only print entries at least N deep')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per CPU; 16 to 32 on network and FUSE filesystems such as NFS, SMB, sshfs, where each directory read waits on a round trip)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (default: one per CPU; 16 to 32 on network and FUSE filesystems such as NFS, SMB, sshfs, where each directory read waits on a round trip)')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Print a shell completion script or the man page to stdout')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Match the file name only, not the whole path')
            [CompletionResult]::new('--basename', '--basename', [CompletionResultType]::ParameterName, 'Match the file name only, not the whole path')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'QUERY is a glob, in which `*` also matches `/`')
            [CompletionResult]::new('--glob', '--glob', [CompletionResultType]::ParameterName, 'QUERY is a glob, in which `*` also matches `/`')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'QUERY is a regular expression')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'QUERY is a regular expression')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Match case-insensitively')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Match case-insensitively')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Print (and match) absolute paths')
            [CompletionResult]::new('--absolute-path', '--absolute-path', [CompletionResultType]::ParameterName, 'Print (and match) absolute paths')
            [CompletionResult]::new('-0', '-0', [CompletionResultType]::ParameterName, 'Separate results with NUL instead of newline (for `xargs -0`)')
            [CompletionResult]::new('--print0', '--print0', [CompletionResultType]::ParameterName, 'Separate results with NUL instead of newline (for `xargs -0`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
