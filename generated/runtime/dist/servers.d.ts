export interface ServerTemplate {
    url: string;
    variables: Readonly<Record<string, {
        default: string;
        enum?: readonly string[];
    }>>;
}
/** Fills a server URL template from the caller's values and the spec's defaults. */
export declare function resolveServerUrl(server: ServerTemplate, values?: object): string;
