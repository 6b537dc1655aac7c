declare const __MAILTRAIL_BACKEND_URL__: string;

/**
 * The backend's base URL. The build bakes in the deploy-time URL; a script property overrides it, which the local
 * emulator uses to point one bundle at a test server. Apps Script still applies the manifest's urlFetchWhitelist, so
 * the override only reaches a URL the deployed manifest allows: moving the backend needs a new build.
 */
export function backendUrl(): string {
  const override = PropertiesService.getScriptProperties().getProperty('MAILTRAIL_BACKEND_URL');
  return (override || __MAILTRAIL_BACKEND_URL__).replace(/\/$/, '');
}
