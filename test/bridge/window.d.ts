import type { CustodianApi } from '../../src/shared/contract/api';

// Tests evaluate code in the page, where the shim (or preload) defines window.custodian.
declare global {
  interface Window {
    readonly custodian: CustodianApi;
  }
}
