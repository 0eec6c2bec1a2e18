import { render } from 'preact';
import { currentLang } from '../i18n/i18n.js';
import '../style.css';
import './point.css';
import { PointApp } from './point-app.js';

document.documentElement.lang = currentLang();
render(<PointApp />, document.getElementById('app')!);
