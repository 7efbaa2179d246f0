/** Identifiers from the XACML 3.0 core specification (Appendix B) used across modules. */
export const XACML3_NS = "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17";
export const XS = "http://www.w3.org/2001/XMLSchema#";
export const F1 = "urn:oasis:names:tc:xacml:1.0:function:";
export const F2 = "urn:oasis:names:tc:xacml:2.0:function:";
export const F3 = "urn:oasis:names:tc:xacml:3.0:function:";

export const STATUS_OK = "urn:oasis:names:tc:xacml:1.0:status:ok";
export const STATUS_MISSING_ATTRIBUTE = "urn:oasis:names:tc:xacml:1.0:status:missing-attribute";
export const STATUS_SYNTAX_ERROR = "urn:oasis:names:tc:xacml:1.0:status:syntax-error";
export const STATUS_PROCESSING_ERROR = "urn:oasis:names:tc:xacml:1.0:status:processing-error";

export const CATEGORY_ACCESS_SUBJECT = "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject";
export const CATEGORY_RESOURCE = "urn:oasis:names:tc:xacml:3.0:attribute-category:resource";
export const CATEGORY_ACTION = "urn:oasis:names:tc:xacml:3.0:attribute-category:action";
export const CATEGORY_ENVIRONMENT = "urn:oasis:names:tc:xacml:3.0:attribute-category:environment";

export const SUBJECT_ID = "urn:oasis:names:tc:xacml:1.0:subject:subject-id";
export const SUBJECT_ROLE = "urn:oasis:names:tc:xacml:2.0:subject:role";
export const RESOURCE_ID = "urn:oasis:names:tc:xacml:1.0:resource:resource-id";
export const ACTION_ID = "urn:oasis:names:tc:xacml:1.0:action:action-id";
export const CURRENT_TIME = "urn:oasis:names:tc:xacml:1.0:environment:current-time";
export const CURRENT_DATE = "urn:oasis:names:tc:xacml:1.0:environment:current-date";
export const CURRENT_DATETIME = "urn:oasis:names:tc:xacml:1.0:environment:current-dateTime";
