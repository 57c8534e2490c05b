/** The part of FIWARE's ngsijs client (no types of its own) that the interoperability test uses. */
declare module 'ngsijs' {
  type Json = Record<string, unknown>;
  class Connection {
    constructor(url: string, options?: { headers?: Record<string, string> });
    ld: {
      createEntity(entity: Json): Promise<{ entity: Json; location: string }>;
      getEntity(options: {
        id: string;
        keyValues?: boolean;
        attrs?: string[];
        '@context'?: string;
      }): Promise<{ entity: Json; format: string }>;
      queryEntities(options: Json): Promise<{ results: Json[]; count?: number; format: string }>;
      appendEntityAttributes(attributes: Json, options?: Json): Promise<unknown>;
      deleteEntity(options: { id: string }): Promise<unknown>;
      listTypes(options?: Json): Promise<{ results: Json }>;
    };
  }
  class AlreadyExistsError extends Error {}
  class NotFoundError extends Error {}
  const NGSI: {
    Connection: typeof Connection;
    AlreadyExistsError: typeof AlreadyExistsError;
    NotFoundError: typeof NotFoundError;
  };
  export default NGSI;
}
