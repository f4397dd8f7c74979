
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "User": [
      "Agent",
      "CustomerCareUser",
      "RocketChatUser",
      "WidgetUser"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "User": [
      "Agent",
      "CustomerCareUser",
      "RocketChatUser",
      "WidgetUser"
    ]
  }
};
      export default result;
    