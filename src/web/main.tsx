import { render } from 'preact';
import { App } from './app';
import './styles/base.css';
import './styles/crm.css';
import './styles/gmail.css';

render(<App />, document.getElementById('app')!);
