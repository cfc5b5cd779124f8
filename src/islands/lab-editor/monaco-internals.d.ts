// Monaco 0.57 keeps the Ctrl+M tab-focus state in an internal module without published types.
declare module 'monaco-editor/editor/browser/config/tabFocus' {
  import type { IDisposable } from 'monaco-editor/editor';
  export const TabFocus: {
    getTabFocusMode(): boolean;
    setTabFocusMode(on: boolean): void;
    onDidChangeTabFocus(listener: (on: boolean) => void): IDisposable;
  };
}
