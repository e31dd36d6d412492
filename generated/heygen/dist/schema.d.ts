export interface paths {
    "/v3/video-agents/{session_id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop Video Agent Session
         * @description Halts an active agent run at its next checkpoint. Partial results are preserved.
         */
        post: operations["stopVideoAgentSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        StandardAPIError: {
            /**
             * @description Machine-readable error code
             * @example invalid_parameter
             */
            code: string;
            /** @description Link to error documentation */
            doc_url?: string | null;
            /**
             * @description Human-readable error message
             * @example Video not found
             */
            message: string;
            /** @description Which request field caused the error */
            param?: string | null;
        };
        /**
         * StopSessionRequest
         * @description Request body for stopping a session (empty — no fields required).
         */
        StopSessionRequest: Record<string, never>;
        /**
         * StopSessionResponse
         * @description Response from stopping a session.
         */
        StopSessionResponse: {
            /**
             * Session Id
             * @description Session ID
             */
            session_id: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    stopVideoAgentSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Session ID */
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StopSessionRequest"];
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data?: components["schemas"]["StopSessionResponse"];
                    };
                };
            };
            /** @description Invalid request parameters */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error?: components["schemas"]["StandardAPIError"];
                    };
                };
            };
            /** @description Authentication failed */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": {
                     *         "code": "authentication_failed",
                     *         "message": "Invalid or expired API key. Verify your x-api-key header.",
                     *         "param": null,
                     *         "doc_url": null
                     *       }
                     *     }
                     */
                    "application/json": {
                        error?: components["schemas"]["StandardAPIError"];
                    };
                };
            };
            /** @description Resource not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": {
                     *         "code": "not_found",
                     *         "message": "Session not found.",
                     *         "param": null,
                     *         "doc_url": null
                     *       }
                     *     }
                     */
                    "application/json": {
                        error?: components["schemas"]["StandardAPIError"];
                    };
                };
            };
            /** @description Rate limit exceeded */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "error": {
                     *         "code": "rate_limit_exceeded",
                     *         "message": "Too many requests. Retry after the duration specified in the Retry-After header.",
                     *         "param": null,
                     *         "doc_url": null
                     *       }
                     *     }
                     */
                    "application/json": {
                        error?: components["schemas"]["StandardAPIError"];
                    };
                };
            };
        };
    };
}
