import { render } from 'preact';
render(<p>Kexue Reader</p>, document.getElementById('app')!);
