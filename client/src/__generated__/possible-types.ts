
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "User": [
      "Agent",
      "CustomerCareUser",
      "WidgetUser"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "User": [
      "Agent",
      "CustomerCareUser",
      "WidgetUser"
    ]
  }
};
      export default result;
    