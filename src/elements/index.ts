/**
 * The one shared script every page loads. Each custom element registers here with one line; keep the
 * eager part small (the budget is 3 KB gzip) and load anything heavier with import() on interaction.
 */
import { defineElement } from './define-element';
import { NavToggle } from './nav-toggle';
import { QuizCheck } from './quiz-check';
import { SecureContextNotice } from './secure-context-notice';
import { SiteSearch } from './site-search';
import { ThemeToggle } from './theme-toggle';
import { TokenInspector } from './token-inspector/token-inspector';
import './progress-marks';

defineElement('theme-toggle', ThemeToggle);
defineElement('nav-toggle', NavToggle);
defineElement('site-search', SiteSearch);
defineElement('secure-context-notice', SecureContextNotice);
defineElement('quiz-check', QuizCheck);
defineElement('token-inspector', TokenInspector);
