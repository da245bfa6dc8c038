# The shop's account settings. `costsim import` reads the defaults below, then terraform.tfvars,
# then any --var NAME=VALUE given on its command line, as Terraform does.

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "env" {
  type    = string
  default = "dev"
}

variable "checkout_reserved" {
  type    = number
  default = 150
}
