/// <reference types="vite/client" />
import type { CustodianApi } from '../../shared/contract/api';

declare global {
  interface Window {
    /** The only way to main: exposed by preload (or the e2e bridge's shim). */
    readonly custodian: CustodianApi;
  }
}
