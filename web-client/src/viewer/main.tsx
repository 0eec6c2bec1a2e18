import { render } from 'preact';
import { currentLang } from '../i18n/i18n.js';
import { ViewerPage } from './app.js';
import { playbackMode } from './stream-source.js';
import { ViewerController } from './viewer-controller.js';
import { parseWatchAddress } from './watch-address.js';
import '../style.css';
import './viewer.css';

document.documentElement.lang = currentLang();
const address = parseWatchAddress(window.location);
const controller = address
  ? new ViewerController(address, playbackMode(document.createElement('video')))
  : null;
controller?.start();
render(<ViewerPage controller={controller} />, document.getElementById('app')!);
