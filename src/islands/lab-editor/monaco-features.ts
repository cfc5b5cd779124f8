/**
 * The editor contributions a learner uses, instead of `features/register.all`: the same editing, IntelliSense,
 * diagnostics, diff, keyboard and accessibility features, without the ones a TypeScript lab never shows
 * (color pickers, inlay hints, inline completions, sticky scroll, links, GPU rendering…). Keeps
 * Monaco and its workers within the 2.7 MB gzip budget.
 */
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/diffEditor/register';
// The diff editor's contributions need the services these two register (ICodeLensCache, treeViewsDndService).
import 'monaco-editor/features/codelens/register';
import 'monaco-editor/features/dropOrPasteInto/register';
// Typing and navigating
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/lineSelection/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/insertFinalNewLine/register';
import 'monaco-editor/features/tokenization/register';
// IntelliSense and diagnostics from the TypeScript worker
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/inlineProgress/register';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/features/referenceSearch/register';
import 'monaco-editor/features/rename/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
// features/suggest registers only inline completions in 0.57: the suggestion list (typing `config.`,
// Ctrl+Space, "Trigger Suggest" in F1) is the suggest controller's.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
// Keyboard and screen-reader access: Ctrl+M, Alt+F1, F1, high contrast, read-only notice, touch keyboards
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/quickHelp/register';
import 'monaco-editor/features/quickCommand/register';
import 'monaco-editor/features/quickOutline/register';
import 'monaco-editor/features/toggleHighContrast/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/iPadShowKeyboard/register';
// Invisible or look-alike characters matter in security code: keep them highlighted.
import 'monaco-editor/features/unicodeHighlighter/register';
import 'monaco-editor/features/unusualLineTerminators/register';
