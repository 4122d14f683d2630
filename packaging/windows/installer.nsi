; EOM Reporter's Windows installer, built on Linux by Debian's makensis (packaging/windows/package.sh,
; `make package-windows`). Tauri's bundler is not used: it fetches NSIS and its plugin at build time,
; and nothing may be downloaded here.
;
; Per user, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\EOM Reporter, the
; Start-menu entry and the "Apps & features" entry to the current user. The uninstaller removes the
; program and never the user's data (%APPDATA%\org.eom-reporter.app: missions, backups, the signing
; key). The command line `eom` is an option (component page, or /CLI on a silent install): its folder
; goes on the user's PATH.
;
; makensis -DVERSION=0.1.0 -DSTAGE=<folder with eom-app.exe, WebView2Loader.dll, eom.exe, icon.ico>
;          -DOUTFILE=<installer.exe> installer.nsi

!ifndef VERSION
  !error "VERSION is not defined (-DVERSION=0.1.0)"
!endif
!ifndef STAGE
  !error "STAGE is not defined (-DSTAGE=folder)"
!endif
!ifndef OUTFILE
  !define OUTFILE "EOM-Reporter-${VERSION}-setup.exe"
!endif

!define PRODUCT "EOM Reporter"
!define IDENTIFIER "org.eom-reporter.app"
!define PUBLISHER "EOM Reporter"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
!define APP_KEY "Software\${IDENTIFIER}"
; The WebView2 runtime's EdgeUpdate client id (the same on every machine).
!define WEBVIEW2_ID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_URL "https://developer.microsoft.com/microsoft-edge/webview2/"

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${APP_KEY}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} installer"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "MIT OR Apache-2.0"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WinMessages.nsh"
!include "StrFunc.nsh"
${StrStr}
${UnStrRep}

!define MUI_ICON "${STAGE}\icon.ico"
!define MUI_UNICON "${STAGE}\icon.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\eom-app.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${PRODUCT}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Var WebView2

; The user's PATH lives in HKCU\Environment. NSIS strings hold 1024 characters: a longer PATH is
; left alone (with a message) rather than cut.
!define PATH_LIMIT 1000

Section "${PRODUCT}" SecApp
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${STAGE}\eom-app.exe"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\icon.ico"
  File "${STAGE}\README-windows.txt"
  ; The CLI sits in its own folder, so that only `eom` goes on the PATH.
  SetOutPath "$INSTDIR\cli"
  File "${STAGE}\eom.exe"
  SetOutPath "$INSTDIR"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\eom-app.exe" "" "$INSTDIR\icon.ico" 0 \
    SW_SHOWNORMAL "" "Election observation mission reporting, offline"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\icon.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"

  ${If} $WebView2 == ""
    DetailPrint "The Microsoft Edge WebView2 Runtime is missing: ${PRODUCT} needs it to open its window."
  ${EndIf}
SectionEnd

Section /o "Command line (eom) on the PATH" SecCli
  ReadRegStr $0 HKCU "Environment" "Path"
  StrLen $1 $0
  ${StrStr} $2 "$0;" "$INSTDIR\cli;"
  ${If} $2 != ""
    DetailPrint "$INSTDIR\cli is already on the PATH"
  ${ElseIf} $1 > ${PATH_LIMIT}
    MessageBox MB_OK|MB_ICONEXCLAMATION "Your PATH is too long for the installer to change it safely.$\r$\nAdd this folder to it by hand to use the eom command:$\r$\n$INSTDIR\cli" /SD IDOK
  ${Else}
    ${If} $0 == ""
      StrCpy $0 "$INSTDIR\cli"
    ${Else}
      StrCpy $0 "$0;$INSTDIR\cli"
    ${EndIf}
    WriteRegExpandStr HKCU "Environment" "Path" "$0"
    WriteRegDWORD HKCU "${APP_KEY}" "OnPath" 1
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=2000
    DetailPrint "Added $INSTDIR\cli to the PATH (new terminals see it)"
  ${EndIf}
SectionEnd

Function .onInit
  SetShellVarContext current
  ; A silent install (/S) puts the CLI on the PATH when asked: /CLI.
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/CLI" $1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecCli} ${SF_SELECTED}
  ${EndIf}
  Call FindWebView2
  ${If} $WebView2 == ""
    MessageBox MB_OK|MB_ICONINFORMATION "${PRODUCT} needs the Microsoft Edge WebView2 Runtime, which comes with Windows 10 and 11 but is missing on this computer.$\r$\n$\r$\nThe installation goes on. Before starting ${PRODUCT}, install the WebView2 Runtime: on a computer with internet, download the $\"Evergreen Standalone Installer$\" (x64) from$\r$\n${WEBVIEW2_URL}$\r$\nand bring it on a USB stick." /SD IDOK
  ${EndIf}
FunctionEnd

; Sets $WebView2 to the runtime's version, or "" when it is not installed (per machine, 64- or
; 32-bit registry view, or per user). "0.0.0.0" is what a removed runtime leaves behind.
Function FindWebView2
  SetRegView 64
  ReadRegStr $WebView2 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${If} $WebView2 == ""
  ${OrIf} $WebView2 == "0.0.0.0"
    ReadRegStr $WebView2 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${EndIf}
  ${If} $WebView2 == ""
  ${OrIf} $WebView2 == "0.0.0.0"
    ReadRegStr $WebView2 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${EndIf}
  ${If} $WebView2 == "0.0.0.0"
    StrCpy $WebView2 ""
  ${EndIf}
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  ; The program only: missions, backups and the signing key in %APPDATA%\org.eom-reporter.app stay.
  Delete "$INSTDIR\eom-app.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\README-windows.txt"
  Delete "$INSTDIR\cli\eom.exe"
  RMDir "$INSTDIR\cli"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"

  ; Take the CLI's folder off the user's PATH again (it was added as ";<dir>" or alone).
  ReadRegDWORD $0 HKCU "${APP_KEY}" "OnPath"
  ${If} $0 == 1
    ReadRegStr $1 HKCU "Environment" "Path"
    StrLen $2 $1
    ${If} $2 > ${PATH_LIMIT}
      DetailPrint "The PATH is too long to change here: remove $INSTDIR\cli from it by hand"
    ${Else}
      ${UnStrRep} $1 "$1" ";$INSTDIR\cli" ""
      ${UnStrRep} $1 "$1" "$INSTDIR\cli" ""
      ${If} $1 == ""
        DeleteRegValue HKCU "Environment" "Path"
      ${Else}
        WriteRegExpandStr HKCU "Environment" "Path" "$1"
      ${EndIf}
      SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=2000
    ${EndIf}
  ${EndIf}

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${APP_KEY}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DetailPrint "Your missions, backups and signing key are kept in $APPDATA\${IDENTIFIER}"
SectionEnd
