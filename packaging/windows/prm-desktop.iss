; Inno Setup 6 script of the PRM Desktop installer for Windows (see packaging/README.md).
; Build on Windows, after `pyinstaller build.spec` made dist\prm-desktop-VERSION:
;   iscc /DAppVersion=0.1.0 packaging\windows\prm-desktop.iss
; The result is dist\prm-desktop-VERSION-setup.exe. It installs per user by default (no administrator
; rights), or for all users when run as administrator. The AppId never changes: a newer version
; installs over an older one. The user's data (%LOCALAPPDATA%\prm-desktop) is never touched, by an
; upgrade or by uninstalling; the new version upgrades the database on its first start, after a backup.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z prm-desktop.iss
#endif
#define AppName "PRM Desktop"
#define AppExe "prm-desktop.exe"
#define AppCli "prm-desktop-cli.exe"
#define BuildDir "..\..\dist\prm-desktop-" + AppVersion

[Setup]
AppId={{6F0B7C52-3E0A-4C59-9A55-7D2C5E1B8A41}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=PRM Desktop
DefaultDirName={autopf}\PRM Desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=prm-desktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\prm-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
LicenseFile={#BuildDir}\_internal\prm_desktop\resources\THIRD_PARTY_NOTICES.txt
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; Files of the previous version that this one no longer ships must not linger in the program folder.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuildDir}\prm-desktop.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BuildDir}\prm-desktop-cli.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BuildDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
