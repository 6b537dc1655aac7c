// The contract shared by the add-on, the server and the web app. zod/mini keeps the add-on bundle small
// (the classic zod API pulls ~450 KB into an Apps Script file; zod/mini tree-shakes to what is used).
export * from './addresses';
export * from './never-log';
export * from './addon';
export * from './labels';
