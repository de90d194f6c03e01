# One-time (and idempotent) set-up on Windows, the same steps as scripts/setup.sh: restore packages and tools, then
# let the doctor repair the platform.
#   pwsh scripts/setup.ps1                    from nuget.org
#   pwsh scripts/setup.ps1 -Offline BUNDLE    from a workshop bundle only ('notebookkit workshop pack'), no network;
#                                             also installs its weights and datasets and the notebook feed
param([string]$Offline)
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '..')
function Fail([string]$message) { [Console]::Error.WriteLine("setup: $message"); exit 2 }
function Invoke-Dotnet { & dotnet @args; if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE } }

$bundle = $null
if ($Offline) {
    if (-not (Test-Path $Offline -PathType Container)) { Fail "usage: pwsh scripts/setup.ps1 -Offline BUNDLE_DIR (a folder written by 'notebookkit workshop pack')" }
    $bundle = (Resolve-Path $Offline).Path
    # Nothing may reach for the network: first-run notices, telemetry, workload update checks, the kernel's telemetry.
    foreach ($name in 'DOTNET_NOLOGO', 'DOTNET_CLI_TELEMETRY_OPTOUT', 'DOTNET_SKIP_FIRST_TIME_EXPERIENCE',
                      'DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE', 'DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT') {
        Set-Item "env:$name" '1'
    }
    if (-not (Test-Path (Join-Path $bundle 'bundle.json'))) { Fail "$bundle is not a finished workshop bundle (no bundle.json): make one with 'notebookkit workshop pack DIR'." }
    $rid = (dotnet --info | Select-String '^\s*RID:\s*(\S+)' | Select-Object -First 1).Matches[0].Groups[1].Value
    $runtimes = @(Get-Content (Join-Path $bundle 'runtimes.txt'))
    if ($runtimes -notcontains $rid) {
        Fail "$bundle carries libtorch for $($runtimes -join ',') only; this machine is $rid. Pack again with --rid $($runtimes -join ','),$rid."
    }
    Write-Host "checking $bundle against its SHA256SUMS"
    $bad = @(Get-Content (Join-Path $bundle 'SHA256SUMS') | ForEach-Object {
        $hash, $relative = $_ -split '  ', 2
        $file = Join-Path $bundle $relative
        if (-not (Test-Path $file -PathType Leaf)) { "${relative}: missing" }
        elseif ((Get-FileHash $file -Algorithm SHA256).Hash -ne $hash) { "${relative}: differs" }
    })
    if ($bad.Count -gt 0) {
        $bad | ForEach-Object { [Console]::Error.WriteLine($_) }
        Fail "$bundle is incomplete or damaged (the files above are missing or differ): copy the whole folder again."
    }
    # Restore from the bundle alone: this clone's NuGet.config (git-ignored) clears every other source.
    $source = [Security.SecurityElement]::Escape((Join-Path $bundle 'packages'))
    Set-Content -Path NuGet.config -Encoding utf8 -Value @"
<?xml version="1.0" encoding="utf-8"?>
<!-- Written by the offline setup (scripts/setup.ps1): packages come from the workshop bundle only. Delete this file to use nuget.org again. -->
<configuration>
  <packageSources>
    <clear />
    <add key="workshop" value="$source" />
  </packageSources>
</configuration>
"@
} elseif ((Test-Path NuGet.config) -and (Select-String -Quiet -SimpleMatch 'Written by the offline setup' NuGet.config)) {
    [Console]::Error.WriteLine("setup: NuGet.config (from an offline set-up) limits restore to a workshop bundle; delete it to use nuget.org again.")
}

# A registered notebook feed whose folder is gone would fail every restore (NU1301): recreate the folder.
$sources = @(dotnet nuget list source --format detailed 2>$null)
for ($i = 0; $i -lt $sources.Count - 1; $i++) {
    if ($sources[$i] -match 'NotebookKit-local') {
        $feed = $sources[$i + 1].Trim()
        if ([IO.Path]::IsPathRooted($feed)) { New-Item -ItemType Directory -Force -Path $feed | Out-Null }
    }
}
Invoke-Dotnet restore NotebookKit.sln
Invoke-Dotnet tool restore
Invoke-Dotnet build src/NotebookKit.Cli -c Release --no-restore
$cli = @('run', '--project', 'src/NotebookKit.Cli', '-c', 'Release', '--no-build', '--')
if ($bundle) { Invoke-Dotnet @cli workshop install $bundle }
Invoke-Dotnet @cli doctor --fix
if ($bundle) { Invoke-Dotnet @cli notebooks setup }
