/** The keyboard the user has: shortcuts are shown as ⌘K on a Mac, Ctrl K elsewhere. */
export const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD_KEY = IS_MAC ? '⌘' : 'Ctrl';
