// Types for json-logic-js 2.0.5 (the package ships none): the parts this project uses.
declare module 'json-logic-js' {
  type RulesLogic = unknown;
  const jsonLogic: {
    apply(logic: RulesLogic, data?: unknown): unknown;
    truthy(value: unknown): boolean;
    is_logic(logic: unknown): boolean;
    get_operator(logic: unknown): string;
    uses_data(logic: RulesLogic): string[];
  };
  export default jsonLogic;
}
