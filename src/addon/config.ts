declare const __MAILTRAIL_BACKEND_URL__: string;

/**
 * The backend's base URL. The build bakes in the deploy-time URL; a script property overrides it, so an admin can
 * move the backend without a new release, and the local emulator can point one bundle at any test server.
 */
export function backendUrl(): string {
  const override = PropertiesService.getScriptProperties().getProperty('MAILTRAIL_BACKEND_URL');
  return (override || __MAILTRAIL_BACKEND_URL__).replace(/\/$/, '');
}
