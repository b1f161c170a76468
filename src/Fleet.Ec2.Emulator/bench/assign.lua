-- AssignPrivateIpAddresses (1 address) alternating with UnassignPrivateIpAddresses of an address an earlier
-- Assign answered, so the ENI never fills up: every request is a real state change. One ENI per wrk thread.
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local enis = {}
  for e in string.gmatch(os.getenv("ENIS"), "[^,]+") do table.insert(enis, e) end
  eni = enis[(id % #enis) + 1]
  pending = {}
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8" }
end

function request()
  local ip = table.remove(pending)
  if ip then
    return wrk.format("POST", "/", headers,
      "Action=UnassignPrivateIpAddresses&Version=2016-11-15&NetworkInterfaceId=" .. eni .. "&PrivateIpAddress.1=" .. ip)
  end
  return wrk.format("POST", "/", headers,
    "Action=AssignPrivateIpAddresses&Version=2016-11-15&NetworkInterfaceId=" .. eni .. "&SecondaryPrivateIpAddressCount=1")
end

function response(status, headers, body)
  local ip = string.match(body, "<assignedPrivateIpAddressesSet><item><privateIpAddress>([%d%.]+)<")
  if ip then table.insert(pending, ip) end
end
