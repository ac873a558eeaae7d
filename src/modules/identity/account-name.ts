/** Account (domain) names as the partner documents define them: 5-32 characters, no reserved prefix, not all digits. */
export const ACCOUNT_NAME_RE = /^(?!op_|shadow_)(?!\d+$)[a-zA-Z_-][a-zA-Z0-9_-]{4,31}$/;
