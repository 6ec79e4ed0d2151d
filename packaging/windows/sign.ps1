# Sign one file with the release's code-signing certificate (Authenticode, SHA-256, RFC 3161 timestamp), then
# verify the signature. Used by the release workflow for the two executables and, through makensis's
# !finalize / !uninstfinalize (SIGN_COMMAND in installer.nsi), for the installer and the uninstaller it embeds.
#
#   powershell -NoProfile -ExecutionPolicy Bypass -File packaging\windows\sign.ps1 FILE
#
# The certificate comes from the environment, never the command line (makensis echoes its commands):
#   CODESIGN_PFX            path of the .pfx file (the workflow writes it from the WINDOWS_CERT_PFX secret)
#   WINDOWS_CERT_PASSWORD   its password
# A script rather than a signtool command line: makensis runs SIGN_COMMAND through cmd.exe, and a command holding
# quoted paths and a password does not survive PowerShell -> makensis -> cmd quoting intact.
param([Parameter(Mandatory = $true)][string]$File)
$ErrorActionPreference = "Stop"
if (-not $env:CODESIGN_PFX -or -not (Test-Path $env:CODESIGN_PFX)) { throw "CODESIGN_PFX does not name the .pfx file" }
$signtool = (Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
  Sort-Object FullName | Select-Object -Last 1).FullName
if (-not $signtool) { throw "signtool.exe (Windows SDK) not found" }
& $signtool sign /f $env:CODESIGN_PFX /p $env:WINDOWS_CERT_PASSWORD /fd sha256 /tr http://timestamp.digicert.com /td sha256 $File
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& $signtool verify /pa $File
exit $LASTEXITCODE
