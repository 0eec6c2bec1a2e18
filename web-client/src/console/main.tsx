import { render } from 'preact';
import { currentLang } from '../i18n/i18n.js';
import '../style.css';
import { App } from './app.js';

document.documentElement.lang = currentLang();
render(<App />, document.getElementById('app')!);
