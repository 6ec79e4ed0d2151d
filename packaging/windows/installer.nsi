; NSIS installer for Email Header Inspector (Windows 10/11, x64).
;
;   makensis /INPUTCHARSET UTF8 /DVERSION=0.1.0 /DPAYLOAD_DIR=<dist\email-header-inspector> /DOUTFILE=<setup.exe> installer.nsi
;
; PAYLOAD_DIR is the PyInstaller one-folder build (email-header-inspector.exe = windowed GUI,
; email-header-inspector-cli.exe = console CLI, _internal\). The installer:
;   - installs for all users into "Program Files\Email Header Inspector" (needs admin: IT deploys it),
;   - adds a Start menu entry (and an optional desktop shortcut),
;   - registers .eml and .msg: always under "Open with" (OpenWithProgids, Capabilities/RegisteredApplications),
;     and as the default only where no other program has claimed the extension (Windows does not let an
;     installer take over a user's choice; they pick "Always" in the Open-with dialog),
;   - writes an uninstaller and the Apps & features entry.
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

!define APPNAME "Email Header Inspector"
!define EXENAME "email-header-inspector.exe"
!define PROGID "EmailHeaderInspector.Message"
!define COMPANY "Email Header Inspector developers"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\EmailHeaderInspector"
!define CAPSKEY "Software\EmailHeaderInspector\Capabilities"
!define ICONFILE "${__FILEDIR__}\..\icons\email-header-inspector.ico"
!define LICENSEFILE "${__FILEDIR__}\..\..\LICENSE"

!include "MUI2.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

Name "${APPNAME}"
OutFile "${OUTFILE}"
; The default folder. An upgrade goes to the folder of the installed version: .onInit reads it from the
; 64-bit registry view (InstallDirRegKey is evaluated before .onInit can call SetRegView 64, so it would look
; in the 32-bit view and miss it).
InstallDir "$PROGRAMFILES64\${APPNAME}"
RequestExecutionLevel admin
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

!define MUI_ICON "${ICONFILE}"
!define MUI_UNICON "${ICONFILE}"
!define MUI_ABORTWARNING
; No "Start now" box on the finish page: the installer runs elevated, and with over-the-shoulder UAC (an
; administrator types their password for a standard user) the app would start as that administrator, with its
; settings and recent files in the wrong profile. The Start menu entry and double-clicking a message start it.

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${LICENSEFILE}"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APPNAME} needs 64-bit Windows."
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  ; Upgrade: reuse the installed version's folder, unless /D= on the command line chose another one.
  ${If} $INSTDIR == "$PROGRAMFILES64\${APPNAME}"
    ReadRegStr $0 HKLM "${UNINSTKEY}" "InstallLocation"
    ${If} $0 != ""
      StrCpy $INSTDIR $0
    ${EndIf}
  ${EndIf}
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

; Register one extension: always "Open with"; the default only if the extension is unclaimed (or ours).
!macro RegisterExtension EXT
  WriteRegStr HKLM "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKLM "${CAPSKEY}\FileAssociations" "${EXT}" "${PROGID}"
  ReadRegStr $0 HKCR "${EXT}" ""
  ${If} $0 == ""
  ${OrIf} $0 == "${PROGID}"
    WriteRegStr HKLM "Software\Classes\${EXT}" "" "${PROGID}"
  ${EndIf}
!macroend

!macro UnregisterExtension EXT
  DeleteRegValue HKLM "Software\Classes\${EXT}\OpenWithProgids" "${PROGID}"
  ReadRegStr $0 HKLM "Software\Classes\${EXT}" ""
  ${If} $0 == "${PROGID}"
    DeleteRegValue HKLM "Software\Classes\${EXT}" ""
  ${EndIf}
  DeleteRegKey /ifempty HKLM "Software\Classes\${EXT}\OpenWithProgids"
  DeleteRegKey /ifempty HKLM "Software\Classes\${EXT}"
!macroend

Section "${APPNAME} (required)" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; A previous version's files would mix with the new ones (PyInstaller names change between builds).
  RMDir /r "$INSTDIR\_internal"
  File /r "${PAYLOAD_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${EXENAME}" "" "$INSTDIR\${EXENAME}" 0 \
    SW_SHOWNORMAL "" "Check whether an e-mail really comes from who it claims"

  ; ProgID: how Explorer opens, names and draws .eml/.msg files given to this program.
  WriteRegStr HKLM "Software\Classes\${PROGID}" "" "E-mail message (Email Header Inspector)"
  WriteRegStr HKLM "Software\Classes\${PROGID}" "FriendlyTypeName" "E-mail message"
  WriteRegStr HKLM "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${EXENAME},0"
  WriteRegStr HKLM "Software\Classes\${PROGID}\shell" "" "open"
  WriteRegStr HKLM "Software\Classes\${PROGID}\shell\open" "" "Inspect with ${APPNAME}"
  WriteRegStr HKLM "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXENAME}" gui "%1"'
  WriteRegStr HKLM "Software\Classes\Applications\${EXENAME}" "FriendlyAppName" "${APPNAME}"
  WriteRegStr HKLM "Software\Classes\Applications\${EXENAME}\SupportedTypes" ".eml" ""
  WriteRegStr HKLM "Software\Classes\Applications\${EXENAME}\SupportedTypes" ".msg" ""
  WriteRegStr HKLM "Software\Classes\Applications\${EXENAME}\shell\open\command" "" '"$INSTDIR\${EXENAME}" gui "%1"'
  ; Default Programs / "Default apps" settings page.
  WriteRegStr HKLM "${CAPSKEY}" "ApplicationName" "${APPNAME}"
  WriteRegStr HKLM "${CAPSKEY}" "ApplicationDescription" "Checks SPF, DKIM, ARC and DMARC, the Received chain and lookalike domains of an e-mail."
  WriteRegStr HKLM "Software\RegisteredApplications" "${APPNAME}" "${CAPSKEY}"
  !insertmacro RegisterExtension ".eml"
  !insertmacro RegisterExtension ".msg"

  ; Apps & features.
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "${COMPANY}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${EXENAME},0"
  WriteRegStr HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTKEY}" "EstimatedSize" "$0"

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

Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  !insertmacro UnregisterExtension ".eml"
  !insertmacro UnregisterExtension ".msg"
  DeleteRegKey HKLM "Software\Classes\${PROGID}"
  DeleteRegKey HKLM "Software\Classes\Applications\${EXENAME}"
  DeleteRegValue HKLM "Software\RegisteredApplications" "${APPNAME}"
  DeleteRegKey HKLM "Software\EmailHeaderInspector"
  DeleteRegKey HKLM "${UNINSTKEY}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\email-header-inspector.exe"
  Delete "$INSTDIR\email-header-inspector-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
