; NSIS installer for Email Header Inspector (Windows 10/11, x64).
;
;   makensis /INPUTCHARSET UTF8 /DVERSION=0.1.0 /DPAYLOAD_DIR=<dist\email-header-inspector> /DOUTFILE=<setup.exe>
;            [/DSIGN_COMMAND="signtool sign /fd sha256 ... "] installer.nsi
;
; PAYLOAD_DIR is the PyInstaller one-folder build (email-header-inspector.exe = windowed GUI,
; email-header-inspector-cli.exe = console CLI, _internal\). The installer:
;   - installs for the current user by default, into "%LOCALAPPDATA%\Programs\Email Header Inspector", with no
;     administrator rights and no UAC prompt; "for all users" (Program Files, HKLM) is the other choice: the
;     installer then starts itself again elevated (one UAC prompt) and that copy does the install. Silent
;     installs: /S [/CurrentUser | /AllUsers] [/DNS=offline|snapshot|live] [/SNAPSHOT=file] [/D=folder];
;   - asks for the desktop app's DNS default (offline - the default -, a DNS snapshot file, or live DNS) and
;     writes it to defaults.json beside the program ({"dns_mode": "...", "snapshot_file": "..."}; the app reads
;     it as the default for every user of this installation; a user's own Settings still win);
;   - refuses to install over, or uninstall, a copy that is running (the program files are in use; Windows
;     would leave a mix of old and new files): it asks to close the app and retry. "Running" is the named mutex
;     the app holds (inspector/instance_mutex.py, in this session or any other), or an executable in the
;     install folder that cannot be opened for writing;
;   - adds a Start menu entry (and an optional desktop shortcut),
;   - registers .eml and .msg: always under "Open with" (OpenWithProgids, Capabilities/RegisteredApplications),
;     and as the default only where no other program has claimed the extension (Windows does not let an
;     installer take over a user's choice; they pick "Always" in the Open-with dialog),
;   - writes an uninstaller and the Apps & features entry (per user: HKCU; all users: HKLM).
; Signing: with SIGN_COMMAND defined, makensis runs it on the finished installer and uninstaller ("%1" is the
; file); the release workflow defines it when a code-signing certificate is configured.
; packaging/windows/compile_nsis.sh compiles it on Linux against a stand-in payload so the script cannot rot.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef PAYLOAD_DIR
  !error "define PAYLOAD_DIR (the PyInstaller dist folder)"
!endif
!ifndef OUTFILE
  !define OUTFILE "EmailHeaderInspector-${VERSION}-setup.exe"
!endif
!ifdef SIGN_COMMAND
  !finalize '${SIGN_COMMAND} "%1"' = 0
  !uninstfinalize '${SIGN_COMMAND} "%1"' = 0
!endif

!define APPNAME "Email Header Inspector"
; The mutex the running app holds: its name is defined once, in inspector/instance_mutex.py (MUTEX_BASE), and read
; from there at compile time (the path is relative to this script's folder: see ICONFILE below). EXPECT_APP_MUTEX (compile_nsis.sh passes it) cross-checks what was read.
!searchparse /file "../../inspector/instance_mutex.py" 'MUTEX_BASE = "' APP_MUTEX '"'
!ifndef APP_MUTEX
  !error "could not read MUTEX_BASE from inspector/instance_mutex.py"
!endif
!ifdef EXPECT_APP_MUTEX
  !if "${APP_MUTEX}" != "${EXPECT_APP_MUTEX}"
    !error "installer.nsi read the mutex name '${APP_MUTEX}', inspector/instance_mutex.py says '${EXPECT_APP_MUTEX}'"
  !endif
!endif
!define EXENAME "email-header-inspector.exe"
!define CLINAME "email-header-inspector-cli.exe"
!define PROGID "EmailHeaderInspector.Message"
!define COMPANY "Email Header Inspector developers"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\EmailHeaderInspector"
!define CAPSKEY "Software\EmailHeaderInspector\Capabilities"
; Paths of the source tree are relative to this script's folder, where makensis runs (it changes into it; never
; pass /NOCD). ${__FILEDIR__} is not used: it is relative when makensis is given a relative path (as in the
; README's and the workflow's command), so "${__FILEDIR__}\..\icons" then pointed nowhere. Forward slashes work
; for makensis on Windows and on Linux (compile_nsis.sh).
!define ICONFILE "../icons/email-header-inspector.ico"
!define LICENSEFILE "../../LICENSE"
!define USERDIR "$LOCALAPPDATA\Programs\${APPNAME}"
!define MACHINEDIR "$PROGRAMFILES64\${APPNAME}"

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

Name "${APPNAME}"
OutFile "${OUTFILE}"
; The default folder is the per-user one; .onInit switches to Program Files for an all-users install and, on an
; upgrade, to the installed version's folder (read from the registry view of the chosen mode).
InstallDir "${USERDIR}"
; No elevation by default: a per-user install needs none. "All users" relaunches elevated (ElevateAndQuit).
RequestExecutionLevel user
BrandingText "${APPNAME} ${VERSION}"

; Numeric version for the installer's own version resource (x.y.z.0).
!searchparse /noerrors "${VERSION}" "" V_MAJOR "." V_MINOR "." V_PATCH
!ifndef V_MAJOR
  !define V_MAJOR 0
!endif
!ifndef V_MINOR
  !define V_MINOR 0
!endif
!ifndef V_PATCH
  !define V_PATCH 0
!endif
VIProductVersion "${V_MAJOR}.${V_MINOR}.${V_PATCH}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "${APPNAME} installer"
VIAddVersionKey /LANG=1033 "CompanyName" "${COMPANY}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "MIT licence"

Var InstallMode   ; CurrentUser | AllUsers
Var DnsMode       ; offline | snapshot | live
Var Elevated      ; 1 in the copy ElevateAndQuit started (it skips the pages already answered)
Var RadioMe
Var RadioAll
Var RadioOffline
Var RadioSnapshot
Var RadioLive
Var SnapshotFile  ; with DnsMode snapshot: the DNS snapshot file the app answers from
Var SnapshotEdit
Var SnapshotBrowse

!define MUI_ICON "${ICONFILE}"
!define MUI_UNICON "${ICONFILE}"
!define MUI_ABORTWARNING
; No "Start now" box on the finish page: an all-users install runs elevated, and with over-the-shoulder UAC (an
; administrator types their password for a standard user) the app would start as that administrator, with its
; settings and recent files in the wrong profile. The Start menu entry and double-clicking a message start it.

!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipIfElevated
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipIfElevated
!insertmacro MUI_PAGE_LICENSE "${LICENSEFILE}"
Page custom ModePageCreate ModePageLeave
!insertmacro MUI_PAGE_COMPONENTS
!define MUI_PAGE_CUSTOMFUNCTION_LEAVE DirectoryLeave
!insertmacro MUI_PAGE_DIRECTORY
Page custom DnsPageCreate DnsPageLeave
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; --- the running app -------------------------------------------------------------------------------------
; Two signs, either one is enough: the app's named mutex exists (any copy, any session: Local\ is this session,
; Global\ every session), or a running copy holds its executables open as images, so opening one for writing
; fails with a sharing violation (FileOpen "a" neither truncates nor creates: the file is checked to exist
; first; this also catches a copy too old to hold the mutex). The GUI and the CLI share _internal\, so both
; executables are checked.
!macro DEFINE_CHECK_NOT_RUNNING PREFIX
Function ${PREFIX}CheckNotRunning
  retry:
  StrCpy $1 ""
  ; SYNCHRONIZE (0x00100000) is the least access OpenMutexW accepts; a NULL handle means no such mutex.
  System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "Local\${APP_MUTEX}") p .r0'
  ${If} $0 != 0
    System::Call 'kernel32::CloseHandle(p r0)'
    StrCpy $1 "running"
  ${EndIf}
  System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "Global\${APP_MUTEX}") p .r0'
  ${If} $0 != 0
    System::Call 'kernel32::CloseHandle(p r0)'
    StrCpy $1 "running"
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\${EXENAME}"
    ClearErrors
    FileOpen $0 "$INSTDIR\${EXENAME}" a
    ${If} ${Errors}
      StrCpy $1 "running"
    ${Else}
      FileClose $0
    ${EndIf}
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\${CLINAME}"
    ClearErrors
    FileOpen $0 "$INSTDIR\${CLINAME}" a
    ${If} ${Errors}
      StrCpy $1 "running"
    ${Else}
      FileClose $0
    ${EndIf}
  ${EndIf}
  ${If} $1 == "running"
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
      "${APPNAME} is running. Close all of its windows (and any command prompt using it), then click Retry." \
      /SD IDCANCEL IDRETRY retry
    SetErrorLevel 5
    Quit
  ${EndIf}
FunctionEnd
!macroend
!insertmacro DEFINE_CHECK_NOT_RUNNING ""
!insertmacro DEFINE_CHECK_NOT_RUNNING "un."

; --- install mode ---------------------------------------------------------------------------------------
Function IsAdmin  ; pushes 1 if this process already has administrator rights (an elevated token), else 0
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 == "Admin"
    Push 1
  ${Else}
    Push 0
  ${EndIf}
FunctionEnd

Function ApplyMode  ; shell folders, registry root and default folder for $InstallMode
  ${If} $InstallMode == "AllUsers"
    SetShellVarContext all
  ${Else}
    SetShellVarContext current
  ${EndIf}
  ; Only a folder the user did not choose (/D= or the directory page) follows the mode.
  ${If} $INSTDIR == "${USERDIR}"
  ${OrIf} $INSTDIR == "${MACHINEDIR}"
  ${OrIf} $INSTDIR == ""
    ${If} $InstallMode == "AllUsers"
      StrCpy $INSTDIR "${MACHINEDIR}"
    ${Else}
      StrCpy $INSTDIR "${USERDIR}"
    ${EndIf}
    ; Upgrade: the installed version's folder (SHCTX is HKLM or HKCU after SetShellVarContext).
    ReadRegStr $0 SHCTX "${UNINSTKEY}" "InstallLocation"
    ${If} $0 != ""
      StrCpy $INSTDIR $0
    ${EndIf}
  ${EndIf}
FunctionEnd

Function ElevateAndQuit  ; start this installer again as administrator for an all-users install, then end this one
  ExecShell "runas" "$EXEPATH" '/AllUsers /ELEVATED /DNS=$DnsMode "/SNAPSHOT=$SnapshotFile"'
  ${If} ${Errors}
    MessageBox MB_ICONEXCLAMATION "Installing for all users needs administrator rights, which were not given. \
      You can install for yourself only instead." /SD IDOK
    Abort
  ${EndIf}
  Quit
FunctionEnd

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APPNAME} needs 64-bit Windows." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  StrCpy $InstallMode "CurrentUser"
  StrCpy $DnsMode "offline"
  StrCpy $SnapshotFile ""
  StrCpy $Elevated 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/AllUsers" $R1
  ${IfNot} ${Errors}
    StrCpy $InstallMode "AllUsers"
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/ELEVATED" $R1
  ${IfNot} ${Errors}
    StrCpy $Elevated 1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/DNS=" $R1
  ${IfNot} ${Errors}
    ${If} $R1 == "offline"
    ${OrIf} $R1 == "snapshot"
    ${OrIf} $R1 == "live"
      StrCpy $DnsMode $R1
    ${Else}
      MessageBox MB_ICONSTOP "/DNS= takes offline, snapshot or live (not $R1)." /SD IDOK
      SetErrorLevel 2
      Quit
    ${EndIf}
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/SNAPSHOT=" $R1
  ${IfNot} ${Errors}
    StrCpy $SnapshotFile $R1
  ${EndIf}
  ; The app ignores "snapshot" without a file (and would fall back to its built-in default): refuse it here.
  ${If} $DnsMode == "snapshot"
  ${AndIfNot} ${FileExists} $SnapshotFile
  ${AndIf} ${Silent}
    MessageBox MB_ICONSTOP "/DNS=snapshot needs /SNAPSHOT= with an existing snapshot file." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
  ${If} $InstallMode == "AllUsers"
    Call IsAdmin
    Pop $0
    ${If} $0 == 0
      ${If} ${Silent}
        MessageBox MB_ICONSTOP "/AllUsers needs an elevated (administrator) command prompt." /SD IDOK
        SetErrorLevel 740
        Quit
      ${EndIf}
      ${If} $Elevated == 1  ; the UAC prompt was accepted but the token is still not an administrator's
        MessageBox MB_ICONSTOP "Installing for all users needs an administrator account." /SD IDOK
        Quit
      ${EndIf}
    ${EndIf}
  ${EndIf}
  Call ApplyMode
FunctionEnd

Function SkipIfElevated
  ${If} $Elevated == 1
    Abort
  ${EndIf}
FunctionEnd

Function ModePageCreate
  ${If} $Elevated == 1
    Abort
  ${EndIf}
  !insertmacro MUI_HEADER_TEXT "Choose who can use ${APPNAME}" "Install it for yourself, or for everyone on this computer."
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateRadioButton} 0 10u 100% 12u "&Only for me (recommended: no administrator rights needed)"
  Pop $RadioMe
  ${NSD_CreateLabel} 12u 24u 95% 20u "Installs into your own profile ($LOCALAPPDATA\Programs)."
  Pop $0
  ${NSD_CreateRadioButton} 0 52u 100% 12u "For &all users of this computer (needs administrator rights)"
  Pop $RadioAll
  ${NSD_CreateLabel} 12u 66u 95% 20u "Installs into Program Files; Windows asks for an administrator's permission."
  Pop $0
  ${If} $InstallMode == "AllUsers"
    ${NSD_Check} $RadioAll
  ${Else}
    ${NSD_Check} $RadioMe
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function ModePageLeave
  ${NSD_GetState} $RadioAll $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $InstallMode "AllUsers"
    Call IsAdmin
    Pop $0
    ${If} $0 == 0
      Call ElevateAndQuit
    ${EndIf}
  ${Else}
    StrCpy $InstallMode "CurrentUser"
  ${EndIf}
  Call ApplyMode
FunctionEnd

Function DirectoryLeave
  Call CheckNotRunning
FunctionEnd

; --- DNS default ----------------------------------------------------------------------------------------
Function DnsPageCreate
  !insertmacro MUI_HEADER_TEXT "DNS checks" "How the app checks SPF, DKIM and DMARC records by default."
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateRadioButton} 0 4u 100% 12u "&Offline (recommended): send no DNS query"
  Pop $RadioOffline
  ${NSD_CreateLabel} 12u 17u 95% 18u "Everything in the message itself is checked; DNS-based results say they could not be checked here."
  Pop $0
  ${NSD_CreateRadioButton} 0 40u 100% 12u "DNS &snapshot: answer from a snapshot file"
  Pop $RadioSnapshot
  ${NSD_CreateText} 12u 53u 75% 12u "$SnapshotFile"
  Pop $SnapshotEdit
  ${NSD_CreateBrowseButton} 80% 52u 18% 14u "&Browse..."
  Pop $SnapshotBrowse
  ${NSD_OnClick} $SnapshotBrowse DnsPageBrowse
  ${NSD_CreateRadioButton} 0 76u 100% 12u "&Live DNS: ask this computer's DNS resolver"
  Pop $RadioLive
  ${NSD_CreateLabel} 12u 89u 95% 18u "Full checks, but the sender's DNS servers can see that, and when, the message was opened."
  Pop $0
  ${If} $DnsMode == "snapshot"
    ${NSD_Check} $RadioSnapshot
  ${ElseIf} $DnsMode == "live"
    ${NSD_Check} $RadioLive
  ${Else}
    ${NSD_Check} $RadioOffline
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function DnsPageBrowse
  nsDialogs::SelectFileDialog open "$SnapshotFile" "DNS snapshot (*.json)|*.json|All files|*.*"
  Pop $0
  ${If} $0 != ""
    ${NSD_SetText} $SnapshotEdit $0
    ${NSD_Check} $RadioSnapshot
    ${NSD_Uncheck} $RadioOffline
    ${NSD_Uncheck} $RadioLive
  ${EndIf}
FunctionEnd

Function DnsPageLeave
  StrCpy $DnsMode "offline"
  ${NSD_GetText} $SnapshotEdit $SnapshotFile
  ${NSD_GetState} $RadioSnapshot $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $DnsMode "snapshot"
    ${IfNot} ${FileExists} $SnapshotFile
      MessageBox MB_ICONEXCLAMATION "Choose the DNS snapshot file (Browse...), or another option." /SD IDOK
      Abort
    ${EndIf}
  ${EndIf}
  ${NSD_GetState} $RadioLive $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $DnsMode "live"
  ${EndIf}
FunctionEnd

; $0 with \ and " escaped for a JSON string (a Windows path's backslashes).
Function JsonEscape
  StrCpy $1 ""
  StrCpy $2 0
  loop:
    StrCpy $3 $0 1 $2
    StrCmp $3 "" done
    StrCmp $3 "\" 0 +3
      StrCpy $1 "$1\\"
      Goto next
    StrCmp $3 '"' 0 +3
      StrCpy $1 '$1\"'
      Goto next
    StrCpy $1 "$1$3"
    next:
    IntOp $2 $2 + 1
    Goto loop
  done:
  StrCpy $0 $1
FunctionEnd

; Register one extension: always "Open with"; the default only if the extension is unclaimed (or ours).
!macro RegisterExtension EXT
  WriteRegStr SHCTX "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}" ""
  WriteRegStr SHCTX "${CAPSKEY}\FileAssociations" "${EXT}" "${PROGID}"
  ReadRegStr $0 HKCR "${EXT}" ""
  ${If} $0 == ""
  ${OrIf} $0 == "${PROGID}"
    WriteRegStr SHCTX "Software\Classes\${EXT}" "" "${PROGID}"
  ${EndIf}
!macroend

!macro UnregisterExtension EXT
  DeleteRegValue SHCTX "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}"
  ReadRegStr $0 SHCTX "Software\Classes\${EXT}" ""
  ${If} $0 == "${PROGID}"
    DeleteRegValue SHCTX "Software\Classes\${EXT}" ""
  ${EndIf}
  DeleteRegKey /ifempty SHCTX "Software\Classes\${EXT}\OpenWithProgids"
  DeleteRegKey /ifempty SHCTX "Software\Classes\${EXT}"
!macroend

Section "${APPNAME} (required)" SecMain
  SectionIn RO
  Call CheckNotRunning
  SetOutPath "$INSTDIR"
  ; A previous version's files would mix with the new ones (PyInstaller names change between builds).
  RMDir /r "$INSTDIR\_internal"
  File /r "${PAYLOAD_DIR}\*.*"
  ; The desktop app's DNS default for this installation (read by the app; a user's Settings still win).
  StrCpy $0 $SnapshotFile
  Call JsonEscape
  FileOpen $4 "$INSTDIR\defaults.json" w
  ${If} $DnsMode == "snapshot"
    FileWrite $4 '{"dns_mode": "snapshot", "snapshot_file": "$0"}$\r$\n'
  ${Else}
    FileWrite $4 '{"dns_mode": "$DnsMode"}$\r$\n'
  ${EndIf}
  FileClose $4
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${EXENAME}" "" "$INSTDIR\${EXENAME}" 0 \
    SW_SHOWNORMAL "" "Check whether an e-mail really comes from who it claims"

  ; ProgID: how Explorer opens, names and draws .eml/.msg files given to this program.
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "" "E-mail message (Email Header Inspector)"
  WriteRegStr SHCTX "Software\Classes\${PROGID}" "FriendlyTypeName" "E-mail message"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${EXENAME},0"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell" "" "open"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open" "" "Inspect with ${APPNAME}"
  WriteRegStr SHCTX "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXENAME}" gui "%1"'
  WriteRegStr SHCTX "Software\Classes\Applications\${EXENAME}" "FriendlyAppName" "${APPNAME}"
  WriteRegStr SHCTX "Software\Classes\Applications\${EXENAME}\SupportedTypes" ".eml" ""
  WriteRegStr SHCTX "Software\Classes\Applications\${EXENAME}\SupportedTypes" ".msg" ""
  WriteRegStr SHCTX "Software\Classes\Applications\${EXENAME}\shell\open\command" "" '"$INSTDIR\${EXENAME}" gui "%1"'
  ; Default Programs / "Default apps" settings page.
  WriteRegStr SHCTX "${CAPSKEY}" "ApplicationName" "${APPNAME}"
  WriteRegStr SHCTX "${CAPSKEY}" "ApplicationDescription" "Checks SPF, DKIM, ARC and DMARC, the Received chain and lookalike domains of an e-mail."
  WriteRegStr SHCTX "Software\RegisteredApplications" "${APPNAME}" "${CAPSKEY}"
  !insertmacro RegisterExtension ".eml"
  !insertmacro RegisterExtension ".msg"

  ; Apps & features (HKCU for a per-user install, HKLM for all users). The uninstaller is told which.
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "${COMPANY}"
  WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${EXENAME},0"
  WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$InstallMode'
  WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINSTKEY}" "EstimatedSize" "$0"

  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section /o "Desktop shortcut" SecDesktop
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${EXENAME}"
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} "The application, its Start menu entry and the .eml/.msg file types."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "A shortcut on the desktop."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; --- uninstall ------------------------------------------------------------------------------------------
Function un.onInit
  SetRegView 64
  StrCpy $InstallMode "CurrentUser"
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/AllUsers" $R1
  ${IfNot} ${Errors}
    StrCpy $InstallMode "AllUsers"
  ${EndIf}
  ${If} $InstallMode == "AllUsers"
    SetShellVarContext all
    UserInfo::GetAccountType
    Pop $0
    ${If} $0 != "Admin"
      ; An all-users copy lives in Program Files and HKLM: start again as administrator (one UAC prompt).
      ExecShell "runas" "$EXEPATH" "/AllUsers _?=$INSTDIR"
      ${If} ${Errors}
        MessageBox MB_ICONSTOP "Removing ${APPNAME} for all users needs administrator rights." /SD IDOK
      ${EndIf}
      Quit
    ${EndIf}
  ${Else}
    SetShellVarContext current
  ${EndIf}
  Call un.CheckNotRunning
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  !insertmacro UnregisterExtension ".eml"
  !insertmacro UnregisterExtension ".msg"
  DeleteRegKey SHCTX "Software\Classes\${PROGID}"
  DeleteRegKey SHCTX "Software\Classes\Applications\${EXENAME}"
  DeleteRegValue SHCTX "Software\RegisteredApplications" "${APPNAME}"
  DeleteRegKey SHCTX "Software\EmailHeaderInspector"
  DeleteRegKey SHCTX "${UNINSTKEY}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXENAME}"
  Delete "$INSTDIR\${CLINAME}"
  Delete "$INSTDIR\defaults.json"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
