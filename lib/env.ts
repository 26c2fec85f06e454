/** The environment without its empty variables: an empty one means unset, as a shell or a Secret with an empty key would mean it. */
export function setVariablesOf(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])));
}
