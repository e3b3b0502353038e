global using PawfectLive.Contracts;
global using PawfectLive.Notifications.Model;
