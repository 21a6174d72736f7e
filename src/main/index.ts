// Electron main entry (electron-vite's convention). All Electron code lives under ./electron.
import './electron/main';
